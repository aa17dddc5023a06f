select WebhookEndpoint { public_id, owner_id := .owner.public_id, url, secret, created_at }
filter .public_id = <str>$public_id;
