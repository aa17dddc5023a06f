# One line of a lecture's append-only edit log.
with owner := (select Lecture filter .public_id = <str>$public_id)
insert LectureEdit {
    lecture := owner,
    kind := <str>$kind,
    target := <str>$target,
    before := <optional json>$before,
    after := <optional json>$after,
    user_id := <str>$user_id,
    edited_at := <datetime>$edited_at,
};
