-- Campaign enrollments: one row per member and campaign; completed_at is set once, with the reward.
create table campaign_enrollments (
    program_id      text not null,
    member_id       uuid not null,
    campaign_id     text not null,
    enrolled_at     timestamptz not null,
    completed_at    timestamptz,
    reward_entry_id uuid,
    primary key (program_id, member_id, campaign_id),
    foreign key (program_id, member_id) references members (program_id, id)
);

create index timeline_events_member_type on timeline_events (program_id, member_id, type, occurred_at);
