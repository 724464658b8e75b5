-- Every node keeps programs and API keys in memory (issue 14: no key lookup per request). A change to either,
-- however it is made, is announced on channel laurel_programs when it commits, and every node drops its copies
-- (ProgramChanges LISTENs on it).
create function laurel_programs_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('laurel_programs', '');
    return null;
end
$$;

create trigger programs_changed after insert or update or delete or truncate on programs
    for each statement execute function laurel_programs_changed();
create trigger api_keys_changed after insert or update or delete or truncate on api_keys
    for each statement execute function laurel_programs_changed();
