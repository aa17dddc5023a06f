select (select Lecture filter .public_id = <str>$public_id).summary {
    template, language, markdown, sections,
};
