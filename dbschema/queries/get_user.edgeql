select User {
    public_id, email, display_name, password_hash, role, is_active, token_version, created_at,
}
filter .public_id = <str>$public_id;
