insert ApiToken {
    public_id := <str>$public_id,
    user := assert_exists((select User filter .public_id = <str>$user_id)),
    name := <str>$name,
    token_hash := <str>$token_hash,
    created_at := <datetime>$created_at,
    last_used_at := <optional datetime>$last_used_at,
};
