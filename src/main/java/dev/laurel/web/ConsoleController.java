package dev.laurel.web;

import dev.laurel.campaigns.CampaignProgress;
import dev.laurel.campaigns.CampaignView;
import dev.laurel.campaigns.Campaigns;
import dev.laurel.earning.Adjustment;
import dev.laurel.earning.Adjustments;
import dev.laurel.earning.MemberPoints;
import dev.laurel.ledger.Actor;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.Hold;
import dev.laurel.ledger.HoldChange;
import dev.laurel.ledger.HoldStatus;
import dev.laurel.ledger.Ledger;
import dev.laurel.members.Member;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.platform.Problem;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.TimelineView;
import dev.laurel.programs.Programs;
import dev.laurel.redemption.Cancelled;
import dev.laurel.redemption.CashOuts;
import dev.laurel.redemption.CodePool;
import dev.laurel.redemption.Holds;
import dev.laurel.redemption.Redemptions;
import dev.laurel.redemption.Rewards;
import dev.laurel.redemption.Voucher;
import dev.laurel.redemption.VoucherStatus;
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
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * master's history, tier, timeline, campaigns, adjustments, vouchers and holds, each cancelled or voided
 * through a confirmation page), the rewards catalogue, cash-out runs and operations. Every read goes
 * through the modules, scoped to the signed-in operator's program.
 */
@Controller
class ConsoleController {

    static final int CARD_ROWS = 50;
    /** Vouchers and holds on the member card, newest first. */
    static final int REDEMPTION_ROWS = 20;
    /** How the console shows a time that matters in the program's zone (a voucher's validity, a hold's expiry). */
    static final DateTimeFormatter ZONED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz");

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
    private final Rewards rewards;
    private final Redemptions redemptions;
    private final Holds holds;
    private final CashOuts cashOuts;

    ConsoleController(Programs programs, Members members, Ledger ledger, Tiers tiers, Timeline timeline, Campaigns campaigns,
            Adjustments adjustments, PointMasterHistory history, Outbox outbox, BalanceSyncs balances, RewardLinks links,
            MemberPoints memberPoints, Rewards rewards, Redemptions redemptions, Holds holds, CashOuts cashOuts) {
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
        this.rewards = rewards;
        this.redemptions = redemptions;
        this.holds = holds;
        this.cashOuts = cashOuts;
    }

    record CampaignRow(CampaignView campaign, CampaignProgress progress) {}

    record VoucherRow(Voucher voucher, String worth, String validUntil, boolean cancellable) {
        static VoucherRow of(Voucher v, ZoneId zone) {
            return new VoucherRow(v, RewardsController.worth(v), zoned(v.validUntil(), zone), v.status() == VoucherStatus.ISSUED);
        }
    }

    record HoldRow(Hold hold, String expiresAt, boolean voidable) {
        static HoldRow of(Hold h, ZoneId zone) {
            return new HoldRow(h, zoned(h.expiresAt(), zone), h.status() == HoldStatus.PENDING);
        }
    }

    /** What a confirmation page asks, and the form that does it. */
    record Confirmation(String title, String detail, String action, String button, String back) {}

    @GetMapping("/console/login")
    String login() {
        return "console/login";
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
        model.addAttribute("vouchers", redemptions.vouchers(program.id(), id, null, REDEMPTION_ROWS).vouchers().stream()
                .map(v -> VoucherRow.of(v, program.timezone())).toList());
        model.addAttribute("holds", holds.page(program.id(), id, null, null, REDEMPTION_ROWS).holds().stream()
                .map(h -> HoldRow.of(h, program.timezone())).toList());
        return "console/member";
    }

    @GetMapping("/console/members/{id}/vouchers/{code}/cancel")
    String confirmCancel(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @PathVariable String code, Model model,
            RedirectAttributes redirect) {
        Program program = programs.get(operator.programId());
        Voucher v = memberVoucher(program.id(), id, code);
        if (v == null || v.status() != VoucherStatus.ISSUED) {
            redirect.addFlashAttribute("problem", v == null ? "This member has no voucher " + code + "." : "Voucher " + v.code() + " is "
                    + v.status() + "; only an issued voucher can be cancelled.");
            return "redirect:/console/members/" + id;
        }
        return confirmation(operator, program, model, new Confirmation("Cancel voucher " + v.code() + "?",
                v.name() + ": its " + v.points() + " points go back to the member and its unit back to the reward's stock. The code"
                        + " stops working at the till.",
                "/console/members/" + id + "/vouchers/" + v.code() + "/cancel", "Cancel the voucher", "/console/members/" + id));
    }

    @PostMapping("/console/members/{id}/vouchers/{code}/cancel")
    @ConsoleAction("voucher.cancelled")
    String cancel(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @PathVariable String code, RedirectAttributes redirect) {
        try {
            if (memberVoucher(operator.programId(), id, code) == null) {
                redirect.addFlashAttribute("problem", "This member has no voucher " + code + ".");
            } else {
                Cancelled cancelled = redemptions.cancel(operator.programId(), code);
                redirect.addFlashAttribute("notice", "Voucher " + cancelled.voucher().code() + " cancelled: " + cancelled.voucher().points()
                        + " points back.");
            }
        } catch (Problem p) {
            redirect.addFlashAttribute("problem", p.detail());
        }
        return "redirect:/console/members/" + id;
    }

    @GetMapping("/console/members/{id}/holds/{holdId}/void")
    String confirmVoid(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @PathVariable UUID holdId, Model model,
            RedirectAttributes redirect) {
        Program program = programs.get(operator.programId());
        Hold h = memberHold(program.id(), id, holdId);
        if (h == null || h.status() != HoldStatus.PENDING) {
            redirect.addFlashAttribute("problem", h == null ? "This member has no hold " + holdId + "." : "The hold is " + h.status()
                    + "; only a pending hold can be voided.");
            return "redirect:/console/members/" + id;
        }
        return confirmation(operator, program, model, new Confirmation("Void the hold for " + h.reference() + "?",
                "Its " + h.points() + " held points go back to the member, to the lots they came from; the till can no longer capture them.",
                "/console/members/" + id + "/holds/" + holdId + "/void", "Void the hold", "/console/members/" + id));
    }

    @PostMapping("/console/members/{id}/holds/{holdId}/void")
    @ConsoleAction("hold.voided")
    String voidHold(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @PathVariable UUID holdId, RedirectAttributes redirect) {
        try {
            if (memberHold(operator.programId(), id, holdId) == null) {
                redirect.addFlashAttribute("problem", "This member has no hold " + holdId + ".");
            } else {
                HoldChange voided = holds.voidHold(operator.programId(), holdId);
                redirect.addFlashAttribute("notice", "Hold for " + voided.hold().reference() + " voided: " + voided.hold().released()
                        + " points back.");
            }
        } catch (Problem p) {
            redirect.addFlashAttribute("problem", p.detail());
        }
        return "redirect:/console/members/" + id;
    }

    @GetMapping("/console/rewards")
    String catalogue(@AuthenticationPrincipal Operator operator, Model model) {
        model.addAttribute("operator", operator);
        model.addAttribute("program", programs.get(operator.programId()));
        model.addAttribute("rewards", rewards.catalogue(operator.programId()));
        Map<String, CodePool> pools = rewards.codePools(operator.programId());
        model.addAttribute("pools", pools);
        return "console/rewards";
    }

    @GetMapping("/console/cash-outs")
    String cashOutRuns(@AuthenticationPrincipal Operator operator, Model model) {
        Program program = programs.get(operator.programId());
        model.addAttribute("operator", operator);
        model.addAttribute("program", program);
        model.addAttribute("runs", cashOuts.runs(program.id(), null, CashOuts.PAGE_LIMIT_MAX).runs());
        return "console/cash-outs";
    }

    private String confirmation(Operator operator, Program program, Model model, Confirmation confirmation) {
        model.addAttribute("operator", operator);
        model.addAttribute("program", program);
        model.addAttribute("confirmation", confirmation);
        return "console/confirm";
    }

    /** The member's voucher with this code, or null when the program has none or it is another member's. */
    private Voucher memberVoucher(String programId, UUID memberId, String code) {
        try {
            Voucher v = redemptions.voucher(programId, code);
            return v.memberId().equals(memberId) ? v : null;
        } catch (Problem p) {
            return null;
        }
    }

    private Hold memberHold(String programId, UUID memberId, UUID holdId) {
        try {
            Hold h = holds.get(programId, holdId);
            return h.memberId().equals(memberId) ? h : null;
        } catch (Problem p) {
            return null;
        }
    }

    private static String zoned(Instant at, ZoneId zone) {
        return ZONED.format(at.atZone(zone));
    }

    @PostMapping("/console/members/{id}/adjustments")
    @ConsoleAction("points.adjusted")
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
    @ConsoleAction("rewardsLink.created")
    String rewardsLink(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, RedirectAttributes redirect) {
        members.get(operator.programId(), MemberId.of(id));
        redirect.addFlashAttribute("rewardsLink", "/rewards/" + links.create(operator.programId(), id));
        return "redirect:/console/members/" + id;
    }

    @GetMapping("/console/imports/{id}")
    String importStatus(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, Model model) {
        model.addAttribute("operator", operator);
        model.addAttribute("program", programs.get(operator.programId()));
        model.addAttribute("balanceImport", balances.status(operator.programId(), id));
        return "console/import";
    }
}
