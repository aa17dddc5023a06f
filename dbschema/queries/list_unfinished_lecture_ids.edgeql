# Lectures the reconciler must see finished: queued or processing, oldest first.
select (
    select Lecture
    filter .status in {LectureStatus.queued, LectureStatus.processing}
    order by .created_at then .public_id
).public_id;
