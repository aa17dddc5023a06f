"""Teachers' accounts: sign-in, who a credential belongs to, and what an admin does to accounts.

Credentials are an access token (the login's answer and the session cookie), a personal API token,
or, behind a trusted reverse proxy, an email the proxy vouches for.
"""

import asyncio
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.accounts.models import ApiToken, Role, User
from app.auth.access_tokens import InvalidAccessToken, issue_access_token, read_access_token
from app.auth.api_tokens import api_token_hash, new_api_token_secret
from app.auth.login_guard import LoginGuard
from app.auth.passwords import hash_password, spend_verification_time, verify_password
from app.repository import LectureRepository

# `last_used_at` is kept to the minute: a script's every request need not be a database write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class BadCredentials(Exception):
    """Wrong email or password, or an inactive account: the answer does not say which."""


@dataclass(frozen=True, slots=True)
class TooManyAttempts(Exception):
    retry_after_s: int


class AccountConflict(Exception):
    """A change that would leave the service without an active admin, or a taken email."""


@dataclass(frozen=True, slots=True)
class NewApiToken:
    token: ApiToken
    secret: str  # shown to the person once, never stored


@dataclass(frozen=True, slots=True)
class SignedIn:
    user: User
    access_token: str


class Accounts:
    def __init__(
        self,
        repository: LectureRepository,
        *,
        secret_key: str,
        access_token_lifetime: timedelta,
        guard: LoginGuard,
    ) -> None:
        self.repository = repository
        self.secret_key = secret_key
        self.access_token_lifetime = access_token_lifetime
        self.guard = guard

    async def sign_in(self, email: str, password: str, address: str) -> SignedIn:
        refusal = await self.guard.refusal(email, address)
        if refusal is not None:
            raise TooManyAttempts(refusal.retry_after_s)
        user = await self.repository.get_user_by_email(email)
        if user is None:
            await asyncio.to_thread(spend_verification_time)
            verified = False
        else:
            verified = await asyncio.to_thread(verify_password, password, user.password_hash)
        if user is None or not verified or not user.is_active:
            await self.guard.record_failure(email, address)
            raise BadCredentials
        await self.guard.record_success(email)
        return SignedIn(user, self.access_token_for(user))

    def access_token_for(self, user: User) -> str:
        return issue_access_token(
            user.id, user.token_version, self.secret_key, self.access_token_lifetime
        )

    async def user_for_access_token(self, token: str) -> User | None:
        try:
            claims = read_access_token(token, self.secret_key)
        except InvalidAccessToken:
            return None
        user = await self.repository.get_user(claims.user_id)
        if user is None or not user.is_active or user.token_version != claims.token_version:
            return None
        return user

    async def user_for_api_token(self, secret: str) -> User | None:
        token = await self.repository.find_api_token(api_token_hash(secret))
        if token is None:
            return None
        user = await self.repository.get_user(token.user_id)
        if user is None or not user.is_active:
            return None
        now = datetime.now(UTC)
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            await self.repository.touch_api_token(token.id, now)
        return user

    async def user_for_proxy_email(self, email: str) -> User | None:
        """The proxy has signed the person in: their account, made on first sight as a teacher
        without a password (they sign in through the proxy only)."""
        user = await self.repository.get_user_by_email(email)
        if user is None:
            user = _new_user(email, email.split("@")[0], "", Role.TEACHER)
            await self.repository.add_user(user)
        return user if user.is_active else None

    async def ensure_first_admin(self, email: str, password: str) -> User | None:
        """Create the admin named by the environment if that email has no account yet, and give
        it the lectures from before accounts. None when the account existed already."""
        if await self.repository.get_user_by_email(email) is not None:
            return None
        admin = await self.create_user(email, "Administrator", password, Role.ADMIN)
        await self.repository.adopt_unowned_lectures(admin.id)
        return admin

    async def create_user(self, email: str, display_name: str, password: str, role: Role) -> User:
        password_hash = await asyncio.to_thread(hash_password, password)
        user = _new_user(email, display_name, password_hash, role)
        await self.repository.add_user(user)
        return user

    async def update_user(
        self,
        user: User,
        *,
        display_name: str | None = None,
        role: Role | None = None,
        is_active: bool | None = None,
    ) -> User:
        loses_admin = (
            user.role is Role.ADMIN
            and user.is_active
            and ((role is not None and role is not Role.ADMIN) or is_active is False)
        )
        if loses_admin and await self.repository.count_admins() <= 1:
            raise AccountConflict("The last active admin cannot be deactivated or demoted.")
        if display_name is not None:
            user.display_name = display_name
        if role is not None:
            user.role = role
        if is_active is not None and is_active != user.is_active:
            user.is_active = is_active
            user.token_version += 1
        await self.repository.update_user(user)
        return user

    async def set_password(self, user: User, password: str) -> User:
        """A new password ends every session signed in with the old one."""
        user.password_hash = await asyncio.to_thread(hash_password, password)
        user.token_version += 1
        await self.repository.update_user(user)
        return user

    async def change_password(self, user: User, current: str, new: str) -> User:
        if not await asyncio.to_thread(verify_password, current, user.password_hash):
            raise BadCredentials
        return await self.set_password(user, new)

    async def create_api_token(self, user: User, name: str) -> NewApiToken:
        secret = new_api_token_secret()
        token = ApiToken(
            id=uuid.uuid4().hex,
            user_id=user.id,
            name=name,
            token_hash=api_token_hash(secret),
            created_at=datetime.now(UTC),
        )
        await self.repository.add_api_token(token)
        return NewApiToken(token, secret)


def generated_password() -> str:
    return secrets.token_urlsafe(15)


def _new_user(email: str, display_name: str, password_hash: str, role: Role) -> User:
    return User(
        id=uuid.uuid4().hex,
        email=email.strip().lower(),
        display_name=display_name,
        password_hash=password_hash,
        role=role,
        created_at=datetime.now(UTC),
    )
