# Emails are stored in lower case; the caller passes the address lower-cased too.
select User {
    public_id, email, display_name, password_hash, role, is_active, token_version, created_at,
}
filter str_lower(.email) = <str>$email;
