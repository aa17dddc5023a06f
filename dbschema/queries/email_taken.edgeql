# Asked in the transaction that writes the account: does another account have this email? The
# exclusive constraint on str_lower(.email) stays the last word.
select exists (
    select User
    filter str_lower(.email) = <str>$email and .public_id != <str>$public_id
);
