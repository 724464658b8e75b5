-- The console's member list and the operator audit log (issue 17).
--
-- The member list shows a program's members newest first, or those whose email, name ("first last", or the last name
-- alone) or external id starts with what the operator typed, case-insensitively, newest first too; it pages by the key
-- (created_at, id). With a million members (dev.laurel.members.MemberDirectory holds the plan reasoning):
-- * the newest first is a walk of members_list_newest that stops at the page's limit, the cursor an index condition;
-- * a search is a BitmapOr of one prefix range per field (the text_pattern_ops indexes below: the range is compared
--   byte by byte with ~>=~ and ~<~, which these indexes serve whatever the collation, planned for its own prefix), then a
--   top-N sort of the matches; when a prefix matches many members the planner walks members_list_newest instead,
--   filtering, and stops at the page's limit.
-- Erased members keep their row (V50) but are not listed. The newest index is partial on erased_at is null; the prefix
-- indexes are not partial, because PostgreSQL estimates a prefix's matches from an expression index's statistics only
-- when the index is not partial, and without the estimate it cannot tell a prefix few members have from one many have.
create index members_list_newest on members (program_id, created_at desc, id desc) where erased_at is null;
create index members_list_email on members (program_id, lower(email) text_pattern_ops);
create index members_list_name on members (program_id, lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) text_pattern_ops);
create index members_list_last_name on members (program_id, lower(last_name) text_pattern_ops);
create index members_list_external_id on members (program_id, lower(external_id) text_pattern_ops);

-- What operators did in the console: who (username and name as signed in), what (the action and its details: the form's
-- fields without passwords or CSRF tokens, the path's variables), when (Laurel's clock), on which member, and whether it
-- was done or refused (the problem the operator was shown). Rows are never changed.
create table operator_actions (
    program_id        text not null references programs (id),
    id                uuid not null,
    at                timestamptz not null,
    operator_username text not null check (length(operator_username) between 1 and 200),
    operator_name     text not null check (length(operator_name) <= 200),
    action            text not null check (action ~ '^[A-Za-z][A-Za-z0-9_.-]{0,63}$'),
    outcome           text not null check (outcome in ('done', 'refused')),
    problem           text check (length(problem) <= 1000),
    member_id         uuid,
    details           jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object'),
    primary key (program_id, id)
);

-- The log newest first, all of it or one operator's or one member's, paged by (at, id).
create index operator_actions_newest on operator_actions (program_id, at desc, id desc);
create index operator_actions_by_operator on operator_actions (program_id, operator_username, at desc, id desc);
create index operator_actions_by_member on operator_actions (program_id, member_id, at desc, id desc) where member_id is not null;
