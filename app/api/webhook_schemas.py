"""What goes over the wire for webhooks: endpoints, and their deliveries with each attempt."""

from datetime import datetime

from pydantic import BaseModel, Field

from app.api.schemas import FromDomain
from app.webhooks.models import DeliveryStatus, EventType


class WebhookEndpointCreate(BaseModel):
    url: str = Field(min_length=1, max_length=2000, examples=["https://example.org/konspekt"])


class WebhookEndpointPublic(FromDomain):
    id: str
    url: str
    created_at: datetime


class WebhookEndpointCreated(WebhookEndpointPublic):
    secret: str = Field(
        description="The `whsec_…` signing secret (Standard Webhooks), shown this once."
    )


class DeliveryAttemptPublic(FromDomain):
    attempted_at: datetime
    status_code: int | None = Field(description="The receiver's answer; null: none came.")
    error: str | None


class WebhookDeliveryPublic(FromDomain):
    id: str
    event_id: str = Field(description="Sent as `webhook-id`: the same on every attempt.")
    event_type: EventType
    lecture_id: str
    status: DeliveryStatus
    created_at: datetime
    next_attempt_at: datetime | None = Field(description="When it is tried again, while pending.")
    attempts: list[DeliveryAttemptPublic]
