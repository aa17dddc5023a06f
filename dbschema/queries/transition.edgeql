# One compare-and-set of a lecture's status (app.lifecycle): nothing changes unless the lecture is in
# one of the source statuses and, when a run is expected, in that run. Empty parameters keep a field.
with
    lecture := (
        select Lecture
        filter .public_id = <str>$public_id
            and <str>.status in array_unpack(<array<str>>$sources)
            and ((.run_id = <optional str>$expected_run) ?? true)
    ),
    updated := (
        update lecture
        set {
            status := <LectureStatus><str>$status,
            stage := <Stage>(<optional str>$stage ?? <str>.stage),
            progress := (<optional float64>$progress ?? .progress),
            error := (<optional str>$error if <bool>$set_error else .error),
            run_id := (<optional str>$run_id ?? .run_id),
            attempts := <int32>(
                0 if <str>$attempts = 'reset'
                else (.attempts + 1) if <str>$attempts = 'count'
                else max({.attempts - 1, 0}) if <str>$attempts = 'refund'
                else .attempts
            ),
            updated_at := datetime_of_statement(),
        }
    ),
select updated {
    public_id, title, filename, storage_key, size_bytes, content_sha256, requested_language,
    template, run_id, attempts, status, stage, progress, language, duration, container, error,
    created_at, updated_at, owner_id,
};
