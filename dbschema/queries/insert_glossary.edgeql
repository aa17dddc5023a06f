# Entries arrive as a JSON array in the order they are shown; their position keeps that order.
# edited_by and edited_at are present only on an entry a person added or edited.
with owner := (select Lecture filter .public_id = <str>$public_id)
for entry in enumerate(json_array_unpack(<json>$entries)) union (
    insert GlossaryEntry {
        lecture := owner,
        position := <int32>entry.0,
        entry_id := <str>entry.1['entry_id'],
        term := <str>entry.1['term'],
        definition := <str>entry.1['definition'],
        quote := <str>entry.1['quote'],
        start_seconds := <float64>entry.1['start'],
        end_seconds := <float64>entry.1['end'],
        edited_by := <str>json_get(entry.1, 'edited_by'),
        edited_at := <datetime>json_get(entry.1, 'edited_at'),
    }
);
