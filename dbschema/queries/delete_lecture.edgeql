# Segments, glossary entries and the summary go with it (`on target delete delete source`).
delete Lecture
filter .public_id = <str>$public_id;
