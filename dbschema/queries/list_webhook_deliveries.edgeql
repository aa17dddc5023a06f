select WebhookDelivery {
    public_id, event_id, event_type, lecture_id, endpoint_id := .endpoint.public_id, url, payload,
    created_at, status, next_attempt_at, attempts,
}
filter .endpoint.public_id = <str>$endpoint_id
order by .created_at desc then .public_id
limit <int64>$limit;
