select LectureQuestion {
    question_id, asker_id, text, asked_at, status, answer, citations, answered_at,
}
filter .lecture.public_id = <str>$public_id and .question_id = <str>$question_id
limit 1;
