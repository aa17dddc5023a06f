# Only the owner's endpoint; its deliveries go with it (`on target delete delete source`).
select count((
    delete WebhookEndpoint
    filter .public_id = <str>$public_id and .owner.public_id = <str>$owner_id
));
