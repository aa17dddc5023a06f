update Lecture
filter .public_id = <str>$public_id
set {
    status := <LectureStatus><str>$status,
    stage := <Stage><str>$stage,
    progress := <float64>$progress,
    error := <optional str>$error,
    updated_at := datetime_of_statement(),
};
