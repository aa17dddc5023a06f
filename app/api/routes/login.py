"""Sign-in and sign-out: an access token for scripts, the same token in a cookie for the dashboard."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from app.api.account_schemas import AccessToken
from app.api.auth import SESSION_COOKIE, AccountsDep, CurrentUser
from app.api.schemas import Message
from app.services.accounts import Accounts, BadCredentials, TooManyAttempts

router = APIRouter(tags=["login"])


@router.post(
    "/login/access-token",
    response_model=AccessToken,
    responses={400: {"model": Message}, 429: {"model": Message}},
)
async def login_access_token(
    request: Request,
    response: Response,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    accounts: AccountsDep,
) -> AccessToken:
    """OAuth2 password flow: `username` is the email. Also sets the dashboard's session cookie."""
    address = request.client.host if request.client else "unknown"
    try:
        signed_in = await accounts.sign_in(form.username, form.password, address)
    except TooManyAttempts as refused:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"Too many failed sign-ins; try again in {refused.retry_after_s} s.",
            headers={"Retry-After": str(refused.retry_after_s)},
        ) from None
    except BadCredentials:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Wrong email or password.") from None
    set_session_cookie(request, response, signed_in.access_token, accounts)
    return AccessToken(access_token=signed_in.access_token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(user: CurrentUser) -> Response:
    """End the dashboard's session (an access token held by a script stays valid until it expires)."""
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


def set_session_cookie(
    request: Request, response: Response, token: str, accounts: Accounts
) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(accounts.access_token_lifetime.total_seconds()),
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
