# Lectures from before accounts go to the account given (the first administrator).
select count((
    update Lecture
    filter not exists .owner_id
    set {
        owner_id := <str>$owner_id,
    }
));
