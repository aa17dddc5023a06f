# Active administrators: the last one must stay active.
select count((select User filter .role = Role.admin and .is_active));
