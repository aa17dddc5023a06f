select TranscriptionCheckpoint {
    engine, model, next_index, window_start, context,
}
filter .lecture.public_id = <str>$public_id;
