delete RetiredTerm
filter .lecture.public_id = <str>$public_id
    and .term in array_unpack(<array<str>>$terms);
