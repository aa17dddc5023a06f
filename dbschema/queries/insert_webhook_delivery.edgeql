# Stored once per id; nothing when the endpoint named is gone.
with endpoint := (select WebhookEndpoint filter .public_id = <optional str>$endpoint_id)
for _ in (select true filter not exists <optional str>$endpoint_id or exists endpoint)
union (
    insert WebhookDelivery {
        public_id := <str>$public_id,
        event_id := <str>$event_id,
        event_type := <str>$event_type,
        lecture_id := <str>$lecture_id,
        endpoint := endpoint,
        url := <str>$url,
        payload := <str>$payload,
        created_at := <datetime>$created_at,
        status := <str>$status,
        next_attempt_at := <optional datetime>$next_attempt_at,
        attempts := <json>$attempts,
    }
    unless conflict on .public_id
);
