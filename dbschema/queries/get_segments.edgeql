select (select Lecture filter .public_id = <str>$public_id).segments {
    position, start_seconds, end_seconds, text, edited_by, edited_at,
}
order by .position;
