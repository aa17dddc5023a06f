with owner := (select Lecture filter .public_id = <str>$public_id)
insert TranscriptionCheckpoint {
    lecture := owner,
    engine := <str>$engine,
    model := <str>$model,
    next_index := <int32>$next_index,
    window_start := <int64>$window_start,
    context := <array<int32>>$context,
}
unless conflict on .lecture
else (
    update TranscriptionCheckpoint
    set {
        engine := <str>$engine,
        model := <str>$model,
        next_index := <int32>$next_index,
        window_start := <int64>$window_start,
        context := <array<int32>>$context,
    }
);
