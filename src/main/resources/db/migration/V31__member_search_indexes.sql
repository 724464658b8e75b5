-- Member searches (SessionM's search by email or mobile number, GET /v1/members?email=...) filter by program and one
-- exact value and page by id. An index on (program_id, value) alone leaves the planner a choice between it plus a
-- sort and a walk of the program's members by primary key that stops at the page's limit; with a generic plan, or
-- an id cursor, it chose the walk: 196,000 buffers for one member (issue 14). With id as the last column the index
-- gives the matching rows already in id order, so it is the cheapest plan whatever the estimates. external_id needs
-- no other index: members_external_id is unique, so it finds at most one row.
create index members_email_search on members (program_id, lower(email), id) where email is not null;
create index members_mobile_search on members (program_id, mobile_number, id) where mobile_number is not null;
drop index members_email;
drop index members_mobile_number;
