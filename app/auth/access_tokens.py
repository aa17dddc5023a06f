"""Signed, expiring access tokens (JWT, HS256): what the login returns and the session cookie holds.

A token names its user and the user's `token_version` when it was issued; changing the password or
deactivating the account raises the version, which ends every token issued before.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

ALGORITHM = "HS256"
AUDIENCE = "konspekt"


class InvalidAccessToken(Exception):
    pass


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: str
    token_version: int
    expires_at: datetime


def issue_access_token(
    user_id: str, token_version: int, secret: str, lifetime: timedelta, now: datetime | None = None
) -> str:
    issued = now or datetime.now(UTC)
    claims = {
        "sub": user_id,
        "ver": token_version,
        "aud": AUDIENCE,
        "iat": issued,
        "exp": issued + lifetime,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_access_token(token: str, secret: str) -> AccessClaims:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["sub", "ver", "exp", "aud"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidAccessToken(str(exc)) from exc
    return AccessClaims(
        user_id=str(claims["sub"]),
        token_version=int(claims["ver"]),
        expires_at=datetime.fromtimestamp(claims["exp"], UTC),
    )
