"""What goes over the wire for accounts: users, sign-in answers and personal API tokens."""

from datetime import datetime

from pydantic import BaseModel, Field

from app.accounts.models import Role
from app.api.schemas import FromDomain
from app.auth.passwords import MIN_PASSWORD_LENGTH

Password = Field(min_length=MIN_PASSWORD_LENGTH, max_length=256)
# Only the shape of an address: a school's accounts may live on an internal domain (teacher@school.lan)
# that a deliverability or public-suffix check would refuse.
Email = Field(pattern=r"^[^@\s]+@[^@\s]+$", max_length=254)
DisplayName = Field(min_length=1, max_length=100)


class AccessToken(BaseModel):
    access_token: str
    token_type: str = "bearer"


class UserPublic(FromDomain):
    id: str
    email: str
    display_name: str
    role: Role
    is_active: bool
    created_at: datetime


class UserCreate(BaseModel):
    email: str = Email
    display_name: str = DisplayName
    password: str = Password
    role: Role = Role.TEACHER


class UserUpdate(BaseModel):
    display_name: str | None = Field(None, min_length=1, max_length=100)
    role: Role | None = None
    is_active: bool | None = None


class OwnProfileUpdate(BaseModel):
    display_name: str = DisplayName


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=256)
    new_password: str = Password


class PasswordReset(BaseModel):
    new_password: str = Password


class ApiTokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class ApiTokenPublic(FromDomain):
    id: str
    name: str
    created_at: datetime
    last_used_at: datetime | None


class ApiTokenCreated(ApiTokenPublic):
    token: str = Field(description="The secret, shown this once: keep it; only its hash is stored.")
