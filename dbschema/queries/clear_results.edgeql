# Everything processing produced for the lecture, in one statement; the lecture itself stays.
with
    owner := (select Lecture filter .public_id = <str>$public_id),
    segments := (delete Segment filter .lecture = owner),
    glossary := (delete GlossaryEntry filter .lecture = owner),
    summary := (delete Summary filter .lecture = owner),
select {
    segments := count(segments),
    glossary := count(glossary),
    summary := count(summary),
};
