# One page, newest first, and the total count, in a single round trip: the owner's lectures, or
# every lecture when no owner is given.
with
    owner_id := <optional str>$owner_id,
    visible := (select Lecture filter not exists owner_id or .owner_id ?= owner_id),
select {
    total := count(visible),
    lectures := (
        select visible {
            public_id, title, filename, storage_key, size_bytes, content_sha256,
            requested_language, template, run_id, attempts, status, stage, progress, language,
            duration, container, error, created_at, updated_at, owner_id,
        }
        order by .created_at desc then .public_id
        offset <int64>$offset
        limit <int64>$limit
    ),
};
