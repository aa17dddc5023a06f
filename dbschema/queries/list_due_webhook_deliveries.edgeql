select WebhookDelivery {
    public_id, event_id, event_type, lecture_id, endpoint_id := .endpoint.public_id, url, payload,
    created_at, status, next_attempt_at, attempts,
}
filter .status = <str>$status and .next_attempt_at <= <datetime>$due_by
order by .next_attempt_at then .public_id;
