"""Personal API tokens for scripts: a random secret shown once, stored only as its SHA-256.

The prefix tells them from access tokens in an `Authorization: Bearer` header. A plain hash (not a
password hash) is enough: the secret is 256 random bits, not something a person chose.
"""

import hashlib
import secrets

PREFIX = "kpt_"


def new_api_token_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def is_api_token(credential: str) -> bool:
    return credential.startswith(PREFIX)


def api_token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
