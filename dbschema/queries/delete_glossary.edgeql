delete GlossaryEntry
filter .lecture.public_id = <str>$public_id;
