select WebhookDelivery {
    public_id, event_id, event_type, lecture_id, endpoint_id := .endpoint.public_id, url, payload,
    created_at, status, next_attempt_at, attempts,
}
filter .public_id = <str>$public_id;
