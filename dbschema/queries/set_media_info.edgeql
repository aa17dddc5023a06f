update Lecture
filter .public_id = <str>$public_id
set {
    language := <optional str>$language,
    duration := <optional float64>$duration,
    updated_at := datetime_of_statement(),
};
