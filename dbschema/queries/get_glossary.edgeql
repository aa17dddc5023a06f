select (select Lecture filter .public_id = <str>$public_id).glossary {
    entry_id, term, definition, quote, start_seconds, end_seconds, edited_by, edited_at,
}
order by .position;
