"""Who is calling: sign-in, tokens, principals and the checks built on them."""
