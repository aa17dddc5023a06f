"""Who is asking, for every /api/v1 route but the login.

A request is signed in by, in this order: `Authorization: Bearer` with an access token or a
personal API token; a reverse proxy's header naming the person's email (only when AUTH_PROXY_HEADER
is set and the request comes from one of TRUSTED_PROXIES); or the dashboard's session cookie. A
cookie is sent by the browser whoever made the page, so a write signed in by the cookie alone must
come from a page of this origin.
"""

from ipaddress import ip_address, ip_network
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer

from app.accounts.models import Role, User
from app.auth.api_tokens import is_api_token
from app.core.config import Settings
from app.services.accounts import Accounts

SESSION_COOKIE = "konspekt_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

bearer_token = OAuth2PasswordBearer(tokenUrl="/api/v1/login/access-token", auto_error=False)


def get_accounts(request: Request) -> Accounts:
    return request.app.state.accounts


AccountsDep = Annotated[Accounts, Depends(get_accounts)]


async def current_user(
    request: Request, accounts: AccountsDep, token: Annotated[str | None, Depends(bearer_token)]
) -> User:
    settings: Settings = request.app.state.settings
    user: User | None = None
    if token:
        if is_api_token(token):
            user = await accounts.user_for_api_token(token)
        else:
            user = await accounts.user_for_access_token(token)
    elif (email := _proxy_email(request, settings)) is not None:
        user = await accounts.user_for_proxy_email(email)
    elif cookie := request.cookies.get(SESSION_COOKIE):
        user = await accounts.user_for_access_token(cookie)
        if user is not None and request.method not in SAFE_METHODS:
            _require_same_origin(request)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Sign in first: this needs a valid access token, API token or session.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]


async def current_admin(user: CurrentUser) -> User:
    if user.role is not Role.ADMIN:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only an admin can do this.")
    return user


CurrentAdmin = Annotated[User, Depends(current_admin)]


def _proxy_email(request: Request, settings: Settings) -> str | None:
    if not settings.auth_proxy_header or request.client is None:
        return None
    email = request.headers.get(settings.auth_proxy_header, "").strip()
    if not email or not _is_trusted_proxy(request.client.host, settings.trusted_proxies):
        return None
    return email


def _is_trusted_proxy(host: str, trusted: list[str]) -> bool:
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return any(address in ip_network(network, strict=False) for network in trusted)


def _require_same_origin(request: Request) -> None:
    origin = request.headers.get("origin") or request.headers.get("referer")
    host = request.headers.get("host")
    if not origin or not host or urlsplit(origin).netloc != host:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "This change must come from the konspekt dashboard itself (its Origin did not match).",
        )
