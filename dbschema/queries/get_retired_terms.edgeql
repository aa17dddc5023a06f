select (select RetiredTerm filter .lecture.public_id = <str>$public_id).term;
