# The check in front of every correction a person writes: no run is at work on the lecture.
select exists (
    select Lecture
    filter .public_id = <str>$public_id
        and <str>.status in array_unpack(<array<str>>$statuses)
);
