# Before transcribing from segment `from_index` on: drop the segments from there (a run that died
# after storing them left them behind), the notes built on the old transcript, and, from the very
# start, the checkpoint.
with
    owner := (select Lecture filter .public_id = <str>$public_id),
    from_index := <int32>$from_index,
    segments := (delete Segment filter .lecture = owner and .position >= from_index),
    glossary := (delete GlossaryEntry filter .lecture = owner),
    summary := (delete Summary filter .lecture = owner),
    resume_point := (delete TranscriptionCheckpoint filter .lecture = owner and from_index = 0),
select count(segments) + count(glossary) + count(summary) + count(resume_point);
