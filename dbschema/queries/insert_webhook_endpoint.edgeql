insert WebhookEndpoint {
    public_id := <str>$public_id,
    owner := assert_exists((select User filter .public_id = <str>$owner_id)),
    url := <str>$url,
    secret := <str>$secret,
    created_at := <datetime>$created_at,
};
