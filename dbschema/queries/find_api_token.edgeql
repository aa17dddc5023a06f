select ApiToken {
    public_id, user_id := .user.public_id, name, token_hash, created_at, last_used_at,
}
filter .token_hash = <str>$token_hash;
