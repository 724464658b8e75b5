-- The clock scope (issue 12): setting the adjustable clock moves every program's time on the node, so it takes
-- a key given this scope, not any admin key.
alter table api_keys drop constraint api_keys_scopes_check;
alter table api_keys add constraint api_keys_scopes_check
    check (scopes <@ array['admin', 'partner', 'clock'] and cardinality(scopes) > 0);
