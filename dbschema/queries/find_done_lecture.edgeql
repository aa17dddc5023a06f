# The owner's earliest processed lecture with the same recording content, for deduplicating uploads;
# with no owner given, among lectures that have none. Never another owner's.
select Lecture {
    public_id, title, filename, storage_key, size_bytes, content_sha256, requested_language,
    template, run_id, attempts, status, stage, progress, language, duration, container, error,
    created_at, updated_at, owner_id,
}
filter .content_sha256 = <str>$content_sha256
    and .owner_id ?= <optional str>$owner_id
    and .status = LectureStatus.done
order by .created_at then .public_id
limit 1;
