select User {
    public_id, email, display_name, password_hash, role, is_active, token_version, created_at,
}
order by .created_at then .public_id;
