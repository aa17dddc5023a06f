# A term a person deleted or renamed away; regenerating the glossary leaves it out.
with owner := (select Lecture filter .public_id = <str>$public_id)
insert RetiredTerm {
    lecture := owner,
    term := <str>$term,
    retired_by := <str>$retired_by,
    retired_at := <datetime>$retired_at,
}
unless conflict on (.lecture, .term)
else (
    update RetiredTerm
    set {
        retired_by := <str>$retired_by,
        retired_at := <datetime>$retired_at,
    }
);
