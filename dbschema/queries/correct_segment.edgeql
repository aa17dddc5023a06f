# A person's correction of one segment's text, stamped with who made it and when.
update Segment
filter .lecture.public_id = <str>$public_id and .position = <int32>$index
set {
    text := <str>$text,
    edited_by := <str>$edited_by,
    edited_at := <datetime>$edited_at,
};
