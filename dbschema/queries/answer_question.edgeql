update LectureQuestion
filter .lecture.public_id = <str>$public_id and .question_id = <str>$question_id
set {
    status := <str>$status,
    answer := <str>$answer,
    citations := <json>$citations,
    answered_at := <datetime>$answered_at,
};
