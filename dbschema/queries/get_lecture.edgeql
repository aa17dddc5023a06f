select Lecture {
    public_id, title, filename, storage_key, size_bytes, content_sha256, requested_language,
    template, run_id, attempts, status, stage, progress, language, duration, container, error,
    created_at, updated_at, owner_id,
}
filter .public_id = <str>$public_id;
