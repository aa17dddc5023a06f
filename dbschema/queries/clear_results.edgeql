# Everything processing produced for the lecture, in one statement; the lecture itself stays.
with
    owner := (select Lecture filter .public_id = <str>$public_id),
    segments := (delete Segment filter .lecture = owner),
    glossary := (delete GlossaryEntry filter .lecture = owner),
    summary := (delete Summary filter .lecture = owner),
    resume_point := (delete TranscriptionCheckpoint filter .lecture = owner),
select {
    segments := count(segments),
    glossary := count(glossary),
    summary := count(summary),
    resume_point := count(resume_point),
};
