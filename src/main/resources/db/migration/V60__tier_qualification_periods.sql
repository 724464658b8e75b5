-- Tier points are the tier-qualifying account's balance (issue 16). On a CALENDAR_YEAR definition that balance counts
-- one calendar year: a member's period is open from the first qualifying points that became active in it until the
-- tier-period sweep closes it, which expires what the period's points still hold (one ledger entry per member) and keeps
-- here how many that was, for the downgrade decision when a level ends at that boundary.
create table member_tier_periods (
    program_id text not null,
    member_id  uuid not null,
    ends_at    timestamptz not null,
    closed_at  timestamptz,
    points     bigint,  -- null while open; once closed, the points the period ended with
    primary key (program_id, member_id, ends_at),
    foreign key (program_id, member_id) references members (program_id, id),
    check (points is null or closed_at is not null)
);

create index member_tier_periods_due on member_tier_periods (ends_at) where closed_at is null;

-- Every year that counted qualifying points before is a period still open: the sweep closes those that have ended,
-- so balances kept since before this change count only the current year again.
insert into member_tier_periods (program_id, member_id, ends_at)
select t.program_id, t.member_id,
       make_timestamptz(t.year + 1, 1, 1, 0, 0, 0, coalesce(p.document ->> 'timezone', 'UTC'))
  from member_tier_points t join programs p on p.id = t.program_id;

drop table member_tier_points;
