select ApiToken {
    public_id, user_id := .user.public_id, name, token_hash, created_at, last_used_at,
}
filter .user.public_id = <str>$user_id
order by .created_at desc then .public_id;
