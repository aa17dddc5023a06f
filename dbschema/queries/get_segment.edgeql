select Segment {
    position, start_seconds, end_seconds, text, edited_by, edited_at,
}
filter .lecture.public_id = <str>$public_id and .position = <int32>$index;
