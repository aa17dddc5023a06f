# Everything processing produced for the lecture, and the terms a person retired from its glossary,
# in one statement; the lecture itself and its edit log stay.
with
    owner := (select Lecture filter .public_id = <str>$public_id),
    segments := (delete Segment filter .lecture = owner),
    glossary := (delete GlossaryEntry filter .lecture = owner),
    retired := (delete RetiredTerm filter .lecture = owner),
    summary := (delete Summary filter .lecture = owner),
    resume_point := (delete TranscriptionCheckpoint filter .lecture = owner),
select {
    segments := count(segments),
    glossary := count(glossary),
    retired := count(retired),
    summary := count(summary),
    resume_point := count(resume_point),
};
