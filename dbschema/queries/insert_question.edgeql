with owner := (select Lecture filter .public_id = <str>$public_id)
insert LectureQuestion {
    lecture := owner,
    question_id := <str>$question_id,
    asker_id := <str>$asker_id,
    text := <str>$text,
    asked_at := <datetime>$asked_at,
    status := <str>$status,
    answer := <optional str>$answer,
    citations := <json>$citations,
    answered_at := <optional datetime>$answered_at,
};
