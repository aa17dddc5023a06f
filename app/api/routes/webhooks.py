"""A person's webhook endpoints: register a URL (its secret shown once), list, delete, and see the
deliveries made to it. Each person sees only their own, admins included."""

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Query, Response, status

from app.api.auth import CurrentUser
from app.api.deps import RepositoryDep, SettingsDep
from app.api.schemas import Message
from app.api.webhook_schemas import (
    WebhookDeliveryPublic,
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WebhookEndpointPublic,
)
from app.webhooks.events import new_secret
from app.webhooks.models import WebhookEndpoint
from app.webhooks.urls import UrlRefused, check_destination

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

NOT_FOUND = {404: {"model": Message}}
# Enough for a person's receivers; a bound on what one account makes the worker send.
MAX_ENDPOINTS_PER_USER = 10


@router.get("", response_model=list[WebhookEndpointPublic])
async def list_webhooks(
    user: CurrentUser, repository: RepositoryDep
) -> list[WebhookEndpointPublic]:
    endpoints = await repository.list_webhook_endpoints(user.id)
    return [WebhookEndpointPublic.model_validate(endpoint) for endpoint in endpoints]


@router.post(
    "",
    response_model=WebhookEndpointCreated,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": Message}, 422: {"model": Message}},
)
async def create_webhook(
    create: WebhookEndpointCreate,
    user: CurrentUser,
    repository: RepositoryDep,
    settings: SettingsDep,
) -> WebhookEndpointCreated:
    """Send this URL `lecture.done` and `lecture.failed` for the caller's lectures, signed with the
    secret in this answer (shown this once). `422` for a URL that is not http(s) or whose host
    resolves to a loopback or private address."""
    try:
        await check_destination(create.url, allow_private=settings.webhook_allow_private)
    except UrlRefused as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    if len(await repository.list_webhook_endpoints(user.id)) >= MAX_ENDPOINTS_PER_USER:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"You have {MAX_ENDPOINTS_PER_USER} webhooks already; delete one to add another.",
        )
    endpoint = WebhookEndpoint(
        id=uuid.uuid4().hex,
        owner_id=user.id,
        url=create.url,
        secret=new_secret(),
        created_at=datetime.now(UTC),
    )
    await repository.add_webhook_endpoint(endpoint)
    public = WebhookEndpointPublic.model_validate(endpoint)
    return WebhookEndpointCreated(**public.model_dump(), secret=endpoint.secret)


@router.delete("/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
async def delete_webhook(webhook_id: str, user: CurrentUser, repository: RepositoryDep) -> Response:
    """Stop sending to the endpoint; its deliveries go with it."""
    if not await repository.delete_webhook_endpoint(user.id, webhook_id):
        raise _no_such_webhook(webhook_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{webhook_id}/deliveries", response_model=list[WebhookDeliveryPublic], responses=NOT_FOUND
)
async def list_deliveries(
    webhook_id: str,
    user: CurrentUser,
    repository: RepositoryDep,
    limit: int = Query(20, ge=1, le=100),
) -> list[WebhookDeliveryPublic]:
    """The endpoint's latest deliveries, newest first, each with its attempts (time, the
    receiver's status code or the error) and, while pending, when it is tried next."""
    endpoint = await repository.get_webhook_endpoint(webhook_id)
    if endpoint is None or endpoint.owner_id != user.id:
        raise _no_such_webhook(webhook_id)
    deliveries = await repository.list_webhook_deliveries(webhook_id, limit=limit)
    return [WebhookDeliveryPublic.model_validate(delivery) for delivery in deliveries]


def _no_such_webhook(webhook_id: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"You have no webhook with id {webhook_id!r}.")
