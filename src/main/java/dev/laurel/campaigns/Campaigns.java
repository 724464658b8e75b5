package dev.laurel.campaigns;

import dev.laurel.campaigns.internal.EnrollmentStore;
import dev.laurel.campaigns.internal.EnrollmentStore.Enrollment;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.PostedEntry;
import dev.laurel.ledger.Posting;
import dev.laurel.members.Member;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.programs.DefinitionPolicies;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.Campaign;
import dev.laurel.programs.Programs;
import dev.laurel.tiers.TierStatus;
import dev.laurel.tiers.Tiers;
import dev.laurel.timeline.Timeline;
import dev.laurel.timeline.TimelineEventRecorded;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Campaigns from the program document: who may take part (tier rank, attributes), enrollment
 * (automatic, or opt-in), a goal counted from the member's timeline events inside the window and
 * after enrollment, and a reward granted exactly once (under the enrollment's row lock, however many
 * times the events arrive or nodes evaluate), or a multiplier on purchase points during the window.
 */
@Service
public class Campaigns {

    public static final String SOURCE = "Campaign";
    public static final String EVENT_JOINED = "campaign_joined";
    public static final String EVENT_COMPLETED = "campaign_completed";

    private final Programs programs;
    private final Members members;
    private final Tiers tiers;
    private final Ledger ledger;
    private final Timeline timeline;
    private final EnrollmentStore store;
    private final TransactionTemplate tx;
    private final Clock clock;

    Campaigns(Programs programs, Members members, Tiers tiers, Ledger ledger, Timeline timeline, EnrollmentStore store,
            TransactionTemplate tx, Clock clock) {
        this.programs = programs;
        this.members = members;
        this.tiers = tiers;
        this.ledger = ledger;
        this.timeline = timeline;
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    /** The campaigns running now that the member is eligible for. */
    public List<CampaignView> active(String programId, UUID memberId) {
        Program program = programs.get(programId);
        Member member = members.get(programId, MemberId.of(memberId));
        Instant now = clock.instant();
        return program.campaigns().stream().filter(c -> running(c, now) && whyNot(program, member, c).isEmpty()).map(Campaigns::view).toList();
    }

    public CampaignView get(String programId, String campaignId) {
        return view(campaign(programs.get(programId), campaignId));
    }

    /** Opts a member in: refused when the campaign is not running or the member is not eligible. */
    public CampaignProgress enroll(String programId, UUID memberId, String campaignId) {
        Program program = programs.get(programId);
        Campaign c = campaign(program, campaignId);
        Member member = members.get(programId, MemberId.of(memberId));
        Instant now = clock.instant();
        if (now.isBefore(c.startsAt().toInstant())) {
            throw CampaignProblem.notActive(c.id(), "starts at " + c.startsAt());
        }
        if (!now.isBefore(c.endsAt().toInstant())) {
            throw CampaignProblem.notActive(c.id(), "ended at " + c.endsAt());
        }
        whyNot(program, member, c).ifPresent(why -> {
            throw CampaignProblem.notEligible(c.id(), why);
        });
        tx.executeWithoutResult(status -> {
            Instant at = c.enrollment() == Program.Enrollment.AUTOMATIC ? c.startsAt().toInstant() : now;
            if (store.enroll(programId, memberId, c.id(), at)) {
                timeline.recordOwn(programId, memberId, EVENT_JOINED, now, Map.of("campaignId", c.id(), "name", c.name()));
            }
        });
        return progress(programId, memberId, campaignId);
    }

    public CampaignProgress progress(String programId, UUID memberId, String campaignId) {
        Program program = programs.get(programId);
        Campaign c = campaign(program, campaignId);
        Member member = members.get(programId, MemberId.of(memberId));
        Instant now = clock.instant();
        Optional<Enrollment> enrollment = store.find(programId, memberId, c.id(), false);
        Optional<String> why = whyNot(program, member, c);
        Instant enrolledAt = enrollment.map(Enrollment::enrolledAt)
                .orElse(c.enrollment() == Program.Enrollment.AUTOMATIC && why.isEmpty() ? c.startsAt().toInstant() : null);
        BigDecimal progress = enrolledAt == null ? BigDecimal.ZERO : counted(programId, memberId, c, enrolledAt);
        String status;
        if (enrollment.map(Enrollment::completedAt).isPresent()) {
            status = CampaignProgress.COMPLETED;
        } else if (!now.isBefore(c.endsAt().toInstant())) {
            status = CampaignProgress.EXPIRED;
        } else if (enrolledAt != null) {
            status = CampaignProgress.ENROLLED;
        } else {
            status = why.isPresent() ? CampaignProgress.NOT_ELIGIBLE : CampaignProgress.ELIGIBLE;
        }
        return new CampaignProgress(c.id(), status, c.goal().eventType(), c.goal().sumAttribute(), progress, target(c), enrolledAt,
                enrollment.map(Enrollment::completedAt).orElse(null), view(c).reward());
    }

    /** The highest purchase multiplier of the campaigns the member takes part in at {@code at}; 1 when none. */
    public BigDecimal purchaseMultiplier(String programId, UUID memberId, Instant at) {
        Program program = programs.get(programId);
        List<Campaign> candidates = program.campaigns().stream()
                .filter(c -> c.reward().multiplier() != null && running(c, at)).toList();
        if (candidates.isEmpty()) {
            // The usual case, on every purchase: no query at all.
            return BigDecimal.ONE;
        }
        Member member = members.get(programId, MemberId.of(memberId));
        BigDecimal best = BigDecimal.ONE;
        for (Campaign c : candidates) {
            if (whyNot(program, member, c).isPresent()) {
                continue;
            }
            boolean takesPart = c.enrollment() == Program.Enrollment.AUTOMATIC
                    || store.find(programId, memberId, c.id(), false).filter(e -> !e.enrolledAt().isAfter(at)).isPresent();
            if (takesPart && c.reward().multiplier().compareTo(best) > 0) {
                best = c.reward().multiplier();
            }
        }
        return best;
    }


    /** A new timeline event may complete a campaign: evaluated in the event's transaction, under the enrollment's lock. */
    @EventListener
    void eventRecorded(TimelineEventRecorded recorded) {
        var event = recorded.event();
        Program program = programs.get(recorded.programId());
        for (Campaign c : program.campaigns()) {
            if (!c.goal().eventType().equals(event.type()) || !running(c, event.occurredAt())) {
                continue;
            }
            Member member = members.get(program.id(), MemberId.of(event.memberId()));
            if (whyNot(program, member, c).isPresent()) {
                continue;
            }
            if (c.enrollment() == Program.Enrollment.AUTOMATIC && store.enroll(program.id(), member.id().value(), c.id(), c.startsAt().toInstant())) {
                timeline.recordOwn(program.id(), member.id().value(), EVENT_JOINED, event.occurredAt(), Map.of("campaignId", c.id(), "name", c.name()));
            }
            Optional<Enrollment> enrollment = store.find(program.id(), member.id().value(), c.id(), true);
            if (enrollment.isEmpty() || enrollment.get().completedAt() != null || event.occurredAt().isBefore(enrollment.get().enrolledAt())) {
                continue;
            }
            BigDecimal progress = counted(program.id(), member.id().value(), c, enrollment.get().enrolledAt());
            if (progress.compareTo(target(c)) >= 0) {
                complete(program, member.id().value(), c);
            }
        }
    }

    private void complete(Program program, UUID memberId, Campaign c) {
        UUID entryId = null;
        if (c.reward().points() != null) {
            var definition = program.definition(c.reward().pointDefinition()).orElseThrow();
            PostedEntry reward = ledger.post(program.id(), List.of(Posting.of(memberId, DefinitionPolicies.capped(program, definition),
                    c.reward().points(), SOURCE, "Campaign " + c.name()).withReference(c.id()))).entries().get(0);
            entryId = reward.entry().id();
        }
        Instant now = clock.instant();
        if (!store.complete(program.id(), memberId, c.id(), now, entryId)) {
            throw new IllegalStateException("campaign " + c.id() + " completed twice for " + memberId + " under its lock");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("campaignId", c.id());
        attributes.put("name", c.name());
        if (c.reward().points() != null) {
            attributes.put("points", c.reward().points());
        }
        timeline.recordOwn(program.id(), memberId, EVENT_COMPLETED, now, attributes);
    }

    /** Progress: the goal's events inside the window and from enrollment on, counted or summed. */
    private BigDecimal counted(String programId, UUID memberId, Campaign c, Instant enrolledAt) {
        Instant from = enrolledAt.isAfter(c.startsAt().toInstant()) ? enrolledAt : c.startsAt().toInstant();
        BigDecimal[] found = timeline.countAndSum(programId, memberId, c.goal().eventType(), from, c.endsAt().toInstant(), c.goal().sumAttribute());
        return c.goal().count() != null ? found[0] : found[1];
    }

    private static BigDecimal target(Campaign c) {
        return c.goal().count() != null ? BigDecimal.valueOf(c.goal().count()) : c.goal().target();
    }

    /** Why the member may not take part, if they may not. */
    private Optional<String> whyNot(Program program, Member member, Campaign c) {
        return c.eligibility().whyNot(member.optedIn(),
                () -> tiers.status(program.id(), member.id().value()).map(TierStatus::rank).orElse(0), member.attributes());
    }

    private static boolean running(Campaign c, Instant at) {
        return !at.isBefore(c.startsAt().toInstant()) && at.isBefore(c.endsAt().toInstant());
    }

    private static Campaign campaign(Program program, String id) {
        return program.campaign(id).orElseThrow(() -> CampaignProblem.notFound(id));
    }

    static CampaignView view(Campaign c) {
        return new CampaignView(c.id(), c.name(), c.description(), c.startsAt(), c.endsAt(), c.enrollment().name(),
                new CampaignView.EligibilityView(c.eligibility().minTierRank(), c.eligibility().attributes()),
                new CampaignView.GoalView(c.goal().eventType(), c.goal().count(), c.goal().sumAttribute(), c.goal().target()),
                new CampaignView.RewardView(c.reward().points(), c.reward().pointDefinition(), c.reward().multiplier()));
    }
}
