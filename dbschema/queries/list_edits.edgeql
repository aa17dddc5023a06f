select LectureEdit {
    kind, target, before, after, user_id, edited_at,
}
filter .lecture.public_id = <str>$public_id
order by .edited_at;
