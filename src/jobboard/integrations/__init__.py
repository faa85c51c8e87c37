"""How Jobboard talks to the outside world: feed imports and outbound webhooks."""
