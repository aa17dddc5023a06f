select WebhookEndpoint { public_id, owner_id := .owner.public_id, url, secret, created_at }
filter .owner.public_id = <str>$owner_id
order by .created_at then .public_id;
