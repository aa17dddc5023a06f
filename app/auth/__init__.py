"""Who is asking: passwords, signed access tokens, personal API tokens and the login guard."""
