select sum((select Lecture filter .owner_id = <str>$owner_id).size_bytes);
