"""Who uses konspekt: accounts and the API tokens they issue for scripts."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    TEACHER = "teacher"
    ADMIN = "admin"


def normalise_email(email: str) -> str:
    """Emails are stored and looked up in lower case, so that one address is one account."""
    return email.lower()


@dataclass(slots=True)
class User:
    id: str
    email: str
    display_name: str
    # An argon2 PHC string; "" means no password login (a user known only through the proxy).
    password_hash: str
    role: Role
    created_at: datetime
    is_active: bool = True
    # Raised whenever the password changes or the account is deactivated or reactivated: access
    # tokens carry the version they were issued under and stop working when it moves on.
    token_version: int = 0


@dataclass(slots=True, frozen=True)
class ApiToken:
    id: str
    user_id: str
    name: str
    token_hash: str  # hex SHA-256 of the secret; the secret itself is never stored
    created_at: datetime
    last_used_at: datetime | None = None
