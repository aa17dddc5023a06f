# Only the owner's token: another account's id deletes nothing.
select count((
    delete ApiToken
    filter .public_id = <str>$public_id and .user.public_id = <str>$user_id
));
