"""The GraphQL API at ``/graphql``: one Strawberry schema over the same services, permission
checks, tokens and rate limits as the REST API (docs/graphql.md)."""
