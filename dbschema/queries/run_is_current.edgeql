# The fence in front of every result a worker writes: is this run still the lecture's run, and is
# the lecture still queued or processing?
select exists (
    select Lecture
    filter .public_id = <str>$public_id
        and .run_id = <str>$run_id
        and .status in {LectureStatus.queued, LectureStatus.processing}
);
