with owner := (select Lecture filter .public_id = <str>$public_id)
insert Summary {
    lecture := owner,
    template := <str>$template,
    language := <str>$language,
    markdown := <str>$markdown,
    sections := <json>$sections,
}
unless conflict on .lecture
else (
    update Summary
    set {
        template := <str>$template,
        language := <str>$language,
        markdown := <str>$markdown,
        sections := <json>$sections,
    }
);
