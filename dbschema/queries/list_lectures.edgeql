# One page, newest first, and the total count, in a single round trip.
select {
    total := count(Lecture),
    lectures := (
        select Lecture {
            public_id, title, filename, storage_key, size_bytes, content_sha256,
            requested_language, template, run_id, attempts, status, stage, progress, language,
            duration, container, error, created_at, updated_at,
        }
        order by .created_at desc then .public_id
        offset <int64>$offset
        limit <int64>$limit
    ),
};
