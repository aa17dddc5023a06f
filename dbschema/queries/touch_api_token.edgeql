update ApiToken
filter .public_id = <str>$public_id
set {
    last_used_at := <datetime>$last_used_at,
};
