update LectureQuestion
filter .lecture.public_id = <str>$public_id and .question_id = <str>$question_id
set { text := <str>$text };
