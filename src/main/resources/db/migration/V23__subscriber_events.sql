-- Events for the program's subscribers (webhooks.subscriptions): one row per event, written in the transaction of
-- its change, listed by GET /v1/events; each subscription's delivery is an outbox row of target SUBSCRIPTION.
create table program_events (
    program_id  text not null,
    id          uuid not null,
    type        text not null,
    member_id   uuid,
    recorded_at timestamptz not null,
    body        json not null,          -- exactly what is delivered: json keeps the field order
    primary key (program_id, id)
);

create index program_events_listing on program_events (program_id, recorded_at, id);
create index program_events_by_type on program_events (program_id, type, recorded_at, id);

alter table webhook_events drop constraint webhook_events_target_check;
alter table webhook_events add constraint webhook_events_target_check check (target in ('POINT_MASTER_ADJUSTMENTS', 'SUBSCRIPTION'));
-- A subscription is found again by its URL when the event is delivered (its secret may have changed meanwhile).
alter table webhook_events add column url text;
-- Counting dead events for the metrics reads this index only (queued ones have webhook_events_due).
create index webhook_events_dead on webhook_events (program_id) where status = 'DEAD';

alter table webhook_events add constraint webhook_events_url_check check ((target = 'SUBSCRIPTION') = (url is not null));
