-- A webhook event waiting for delivery is QUEUED: "pending" belongs to points waiting for validFrom.
alter table webhook_events drop constraint webhook_events_status_check;
update webhook_events set status = 'QUEUED' where status = 'PENDING';
alter table webhook_events add constraint webhook_events_status_check check (status in ('QUEUED', 'DELIVERED', 'DEAD'));

drop index webhook_events_due;
create index webhook_events_due on webhook_events (next_attempt_at) where status = 'QUEUED';
