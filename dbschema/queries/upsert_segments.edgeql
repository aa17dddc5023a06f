# Segments arrive as a JSON array of {index, start, end, text} (with edited_by and edited_at when a
# person corrected the text); one stored at the same position is overwritten, so re-running a stage
# after a crash never doubles the transcript.
with owner := (select Lecture filter .public_id = <str>$public_id)
for segment in json_array_unpack(<json>$segments) union (
    insert Segment {
        lecture := owner,
        position := <int32>segment['index'],
        start_seconds := <float64>segment['start'],
        end_seconds := <float64>segment['end'],
        text := <str>segment['text'],
        edited_by := <str>json_get(segment, 'edited_by'),
        edited_at := <datetime>json_get(segment, 'edited_at'),
    }
    unless conflict on (.lecture, .position)
    else (
        update Segment
        set {
            start_seconds := <float64>segment['start'],
            end_seconds := <float64>segment['end'],
            text := <str>segment['text'],
            edited_by := <str>json_get(segment, 'edited_by'),
            edited_at := <datetime>json_get(segment, 'edited_at'),
        }
    )
);
