"""Accounts: one's own profile, password and API tokens; and, for admins, everyone's."""

from fastapi import APIRouter, HTTPException, Request, Response, status

from app.accounts.models import User
from app.api.account_schemas import (
    AccessToken,
    ApiTokenCreate,
    ApiTokenCreated,
    ApiTokenPublic,
    OwnProfileUpdate,
    PasswordChange,
    PasswordReset,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from app.api.auth import AccountsDep, CurrentAdmin, CurrentUser
from app.api.deps import RepositoryDep
from app.api.routes.login import set_session_cookie
from app.api.schemas import Message
from app.repository import DuplicateEmail
from app.services.accounts import AccountConflict, BadCredentials

router = APIRouter(prefix="/users", tags=["users"])

NOT_FOUND = {404: {"model": Message}}


@router.get("/me", response_model=UserPublic)
async def read_me(user: CurrentUser) -> UserPublic:
    return UserPublic.model_validate(user)


@router.patch("/me", response_model=UserPublic)
async def update_me(
    update: OwnProfileUpdate, user: CurrentUser, accounts: AccountsDep
) -> UserPublic:
    return UserPublic.model_validate(
        await accounts.update_user(user, display_name=update.display_name)
    )


@router.post("/me/password", response_model=AccessToken, responses={400: {"model": Message}})
async def change_my_password(
    change: PasswordChange,
    request: Request,
    response: Response,
    user: CurrentUser,
    accounts: AccountsDep,
) -> AccessToken:
    """Every session and access token of the old password ends; the answer is a new token (and a
    new session cookie)."""
    try:
        user = await accounts.change_password(user, change.current_password, change.new_password)
    except BadCredentials:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, "The current password is not right."
        ) from None
    token = accounts.access_token_for(user)
    set_session_cookie(request, response, token, accounts)
    return AccessToken(access_token=token)


@router.get("/me/tokens", response_model=list[ApiTokenPublic])
async def list_my_tokens(user: CurrentUser, repository: RepositoryDep) -> list[ApiTokenPublic]:
    return [ApiTokenPublic.model_validate(t) for t in await repository.list_api_tokens(user.id)]


@router.post("/me/tokens", response_model=ApiTokenCreated, status_code=status.HTTP_201_CREATED)
async def create_my_token(
    create: ApiTokenCreate, user: CurrentUser, accounts: AccountsDep
) -> ApiTokenCreated:
    """A personal API token for scripts (`Authorization: Bearer kpt_…`), shown this once."""
    created = await accounts.create_api_token(user, create.name)
    public = ApiTokenPublic.model_validate(created.token)
    return ApiTokenCreated(**public.model_dump(), token=created.secret)


@router.delete("/me/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
async def revoke_my_token(token_id: str, user: CurrentUser, repository: RepositoryDep) -> Response:
    if not await repository.delete_api_token(user.id, token_id):
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"You have no API token with id {token_id!r}."
        )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("", response_model=list[UserPublic])
async def list_users(admin: CurrentAdmin, repository: RepositoryDep) -> list[UserPublic]:
    return [UserPublic.model_validate(user) for user in await repository.list_users()]


@router.post(
    "",
    response_model=UserPublic,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": Message}},
)
async def create_user(create: UserCreate, admin: CurrentAdmin, accounts: AccountsDep) -> UserPublic:
    try:
        user = await accounts.create_user(
            create.email, create.display_name, create.password, create.role
        )
    except DuplicateEmail:
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"There is already an account for {create.email}."
        ) from None
    return UserPublic.model_validate(user)


@router.patch(
    "/{user_id}", response_model=UserPublic, responses={**NOT_FOUND, 409: {"model": Message}}
)
async def update_user(
    user_id: str,
    update: UserUpdate,
    admin: CurrentAdmin,
    accounts: AccountsDep,
    repository: RepositoryDep,
) -> UserPublic:
    """Rename, change the role of, deactivate or reactivate an account (deactivation ends its
    sessions and tokens)."""
    user = await _user_or_404(user_id, repository)
    try:
        user = await accounts.update_user(
            user, display_name=update.display_name, role=update.role, is_active=update.is_active
        )
    except AccountConflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    return UserPublic.model_validate(user)


@router.post("/{user_id}/password", response_model=UserPublic, responses=NOT_FOUND)
async def reset_password(
    user_id: str,
    reset: PasswordReset,
    admin: CurrentAdmin,
    accounts: AccountsDep,
    repository: RepositoryDep,
) -> UserPublic:
    """Set a teacher's password (they forgot theirs); their sessions end."""
    user = await _user_or_404(user_id, repository)
    return UserPublic.model_validate(await accounts.set_password(user, reset.new_password))


async def _user_or_404(user_id: str, repository: RepositoryDep) -> User:
    user = await repository.get_user(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"There is no user with id {user_id!r}.")
    return user
