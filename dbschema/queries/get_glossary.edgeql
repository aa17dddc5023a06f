select (select Lecture filter .public_id = <str>$public_id).glossary {
    term, definition, quote, start_seconds, end_seconds,
}
order by .position;
