package dev.laurel.web;

import dev.laurel.campaigns.CampaignProgress;
import dev.laurel.campaigns.CampaignView;
import dev.laurel.campaigns.Campaigns;
import dev.laurel.earning.Adjustment;
import dev.laurel.earning.Adjustments;
import dev.laurel.earning.MemberPoints;
import dev.laurel.ledger.Actor;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.Ledger;
import dev.laurel.members.Identifier;
import dev.laurel.members.Member;
import dev.laurel.members.MemberId;
import dev.laurel.members.MemberQuery;
import dev.laurel.members.Members;
import dev.laurel.platform.Problem;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.TimelineView;
import dev.laurel.programs.Programs;
import dev.laurel.sync.BalanceSyncs;
import dev.laurel.sync.HistoryItem;
import dev.laurel.sync.PointMasterHistory;
import dev.laurel.tiers.TierChange;
import dev.laurel.tiers.TierStatus;
import dev.laurel.tiers.Tiers;
import dev.laurel.timeline.Timeline;
import dev.laurel.timeline.TimelineEvent;
import dev.laurel.webhooks.Outbox;
import dev.laurel.webhooks.WebhookEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator console: member search, the member card (profile, accounts, points log or the point
 * master's history, tier, timeline, campaigns, adjustments) and operations. Every read goes through
 * the modules, scoped to the signed-in operator's program.
 */
@Controller
class ConsoleController {

    static final int CARD_ROWS = 50;

    private final Programs programs;
    private final Members members;
    private final Ledger ledger;
    private final Tiers tiers;
    private final Timeline timeline;
    private final Campaigns campaigns;
    private final Adjustments adjustments;
    private final PointMasterHistory history;
    private final Outbox outbox;
    private final BalanceSyncs balances;
    private final RewardLinks links;
    private final MemberPoints memberPoints;

    ConsoleController(Programs programs, Members members, Ledger ledger, Tiers tiers, Timeline timeline, Campaigns campaigns,
            Adjustments adjustments, PointMasterHistory history, Outbox outbox, BalanceSyncs balances, RewardLinks links,
            MemberPoints memberPoints) {
        this.programs = programs;
        this.members = members;
        this.ledger = ledger;
        this.tiers = tiers;
        this.timeline = timeline;
        this.campaigns = campaigns;
        this.adjustments = adjustments;
        this.history = history;
        this.outbox = outbox;
        this.balances = balances;
        this.links = links;
        this.memberPoints = memberPoints;
    }

    record CampaignRow(CampaignView campaign, CampaignProgress progress) {}

    @GetMapping("/console/login")
    String login() {
        return "console/login";
    }

    @GetMapping({"/console", "/console/"})
    String search(@AuthenticationPrincipal Operator operator, @RequestParam(required = false) String email,
            @RequestParam(required = false) String externalId, @RequestParam(required = false) String mobileNumber,
            @RequestParam(required = false) String identifier, Model model) {
        model.addAttribute("operator", operator);
        model.addAttribute("program", programs.get(operator.programId()));
        boolean searching = notBlank(email) || notBlank(externalId) || notBlank(mobileNumber) || notBlank(identifier);
        List<Member> found = List.of();
        String error = null;
        if (searching) {
            Identifier wanted = null;
            if (notBlank(identifier)) {
                int colon = identifier.indexOf(':');
                if (colon <= 0) {
                    error = "An identifier is type:value, such as loyalty_card:4000123.";
                } else {
                    wanted = new Identifier(identifier.substring(0, colon).trim(), identifier.substring(colon + 1).trim());
                }
            }
            if (error == null) {
                try {
                    found = members.search(operator.programId(), new MemberQuery(blank(email), blank(externalId), blank(mobileNumber),
                            wanted, null, CARD_ROWS)).items();
                } catch (Problem p) {
                    error = p.detail();
                }
            }
        }
        model.addAttribute("searching", searching);
        model.addAttribute("found", found);
        model.addAttribute("error", error);
        model.addAttribute("email", email);
        model.addAttribute("externalId", externalId);
        model.addAttribute("mobileNumber", mobileNumber);
        model.addAttribute("identifier", identifier);
        return "console/search";
    }

    @GetMapping("/console/members/{id}")
    String card(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @RequestParam(required = false) String view, Model model) {
        Program program = programs.get(operator.programId());
        Member member = members.get(program.id(), MemberId.of(id));
        List<Entry> log = ledger.log(program.id(), id, null, null, CARD_ROWS).entries();
        boolean balanceFollower = program.pointDefinitions().stream().anyMatch(d -> d.follower() == FollowerMode.BALANCE);
        List<HistoryItem> masterHistory = List.of();
        String masterError = null;
        if (balanceFollower && program.pointMaster() != null) {
            try {
                masterHistory = history.fetch(program.id(), id);
            } catch (Problem p) {
                masterError = p.detail();
            }
        }
        Optional<TierStatus> tier = tiers.status(program.id(), id);
        List<TierChange> tierHistory = tier.isPresent() ? tiers.history(program.id(), id, 20) : List.of();
        TimelineView chosen = view == null ? null : program.timelineView(view).orElse(null);
        List<TimelineEvent> events = timeline.page(program.id(), id, chosen, null, CARD_ROWS).events();
        List<CampaignRow> campaignRows = new ArrayList<>();
        for (CampaignView c : campaigns.active(program.id(), id)) {
            campaignRows.add(new CampaignRow(c, campaigns.progress(program.id(), id, c.id())));
        }
        List<WebhookEvent> sent = outbox.listForMember(program.id(), id, 20);
        model.addAttribute("operator", operator);
        model.addAttribute("program", program);
        model.addAttribute("member", member);
        model.addAttribute("accounts", memberPoints.overview(program, id).accounts());
        model.addAttribute("log", log);
        model.addAttribute("definitionNames", program.pointDefinitions().stream().collect(Collectors.toMap(PointDefinition::id, PointDefinition::name)));
        model.addAttribute("balanceFollower", balanceFollower);
        model.addAttribute("masterHistory", masterHistory);
        model.addAttribute("masterError", masterError);
        model.addAttribute("tier", tier.orElse(null));
        model.addAttribute("tierHistory", tierHistory);
        model.addAttribute("views", program.timelineViews());
        model.addAttribute("view", chosen == null ? null : chosen.name());
        model.addAttribute("events", events);
        model.addAttribute("campaigns", campaignRows);
        model.addAttribute("sent", sent);
        return "console/member";
    }

    @PostMapping("/console/members/{id}/adjustments")
    String adjust(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @RequestParam int definitionId,
            @RequestParam String amount, @RequestParam String description, RedirectAttributes redirect) {
        try {
            long points = Long.parseLong(amount.trim());
            Adjustments.Outcome outcome = adjustments.apply(operator.programId(), new Adjustment(id, definitionId, points, description,
                    Adjustment.MANUAL, Actor.user(operator.username(), operator.name())));
            if (outcome instanceof Adjustments.Forwarded forwarded) {
                redirect.addFlashAttribute("notice", "Sent to point master: " + points + " points (event " + forwarded.webhookEventId()
                        + "). The balance changes when the point master syncs it back.");
            } else {
                redirect.addFlashAttribute("notice", "Applied: " + (points > 0 ? "+" : "") + points + " points.");
            }
        } catch (NumberFormatException e) {
            redirect.addFlashAttribute("problem", "The amount must be a whole number of points, such as 40 or -15.");
        } catch (Problem p) {
            redirect.addFlashAttribute("problem", p.detail());
        }
        return "redirect:/console/members/" + id;
    }

    @PostMapping("/console/members/{id}/rewards-link")
    String rewardsLink(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, RedirectAttributes redirect) {
        members.get(operator.programId(), MemberId.of(id));
        redirect.addFlashAttribute("rewardsLink", "/rewards/" + links.create(operator.programId(), id));
        return "redirect:/console/members/" + id;
    }

    @GetMapping("/console/operations")
    String operations(@AuthenticationPrincipal Operator operator, Model model) {
        model.addAttribute("operator", operator);
        model.addAttribute("program", programs.get(operator.programId()));
        model.addAttribute("imports", balances.recent(operator.programId(), CARD_ROWS));
        model.addAttribute("deliveries", outbox.list(operator.programId(), null, null, CARD_ROWS));
        model.addAttribute("revisions", programs.revisions(operator.programId(), CARD_ROWS));
        return "console/operations";
    }

    @GetMapping("/console/imports/{id}")
    String importStatus(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, Model model) {
        model.addAttribute("operator", operator);
        model.addAttribute("program", programs.get(operator.programId()));
        model.addAttribute("balanceImport", balances.status(operator.programId(), id));
        return "console/import";
    }

    @PostMapping("/console/webhooks/{id}/redeliver")
    String redeliver(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, RedirectAttributes redirect) {
        outbox.redeliver(operator.programId(), id);
        redirect.addFlashAttribute("notice", "Event " + id + " will be sent again, with the same id.");
        return "redirect:/console/operations";
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String blank(String s) {
        return notBlank(s) ? s.trim() : null;
    }
}
