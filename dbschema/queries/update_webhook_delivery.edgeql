update WebhookDelivery
filter .public_id = <str>$public_id
set {
    status := <str>$status,
    next_attempt_at := <optional datetime>$next_attempt_at,
    attempts := <json>$attempts,
};
