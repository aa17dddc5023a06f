update User
filter .public_id = <str>$public_id
set {
    email := <str>$email,
    display_name := <str>$display_name,
    password_hash := <str>$password_hash,
    role := <Role><str>$role,
    is_active := <bool>$is_active,
    token_version := <int64>$token_version,
};
