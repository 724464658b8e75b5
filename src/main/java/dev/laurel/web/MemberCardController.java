package dev.laurel.web;

import dev.laurel.platform.MergePatch;
import dev.laurel.campaigns.CampaignProgress;
import dev.laurel.campaigns.CampaignView;
import dev.laurel.campaigns.Campaigns;
import dev.laurel.earning.Adjustment;
import dev.laurel.earning.Adjustments;
import dev.laurel.earning.MemberOrders;
import dev.laurel.earning.MemberPoints;
import dev.laurel.earning.PointsOverview;
import dev.laurel.earning.Purchases;
import dev.laurel.ledger.Actor;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.EntryKind;
import dev.laurel.ledger.Hold;
import dev.laurel.ledger.HoldChange;
import dev.laurel.ledger.HoldStatus;
import dev.laurel.ledger.Ledger;
import dev.laurel.members.Member;
import dev.laurel.members.MemberDraft;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.platform.FieldError;
import dev.laurel.platform.Problem;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.Purpose;
import dev.laurel.programs.Program.TimelineView;
import dev.laurel.programs.Programs;
import dev.laurel.redemption.Cancelled;
import dev.laurel.redemption.Holds;
import dev.laurel.redemption.Redemptions;
import dev.laurel.redemption.Voucher;
import dev.laurel.redemption.VoucherStatus;
import dev.laurel.sync.HistoryItem;
import dev.laurel.sync.PointMasterHistory;
import dev.laurel.tiers.TierChange;
import dev.laurel.tiers.TierStatus;
import dev.laurel.tiers.Tiers;
import dev.laurel.timeline.Timeline;
import dev.laurel.timeline.TimelineEvent;
import dev.laurel.webhooks.Outbox;
import dev.laurel.webhooks.WebhookEvent;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's member card: headline figures, profile (edited as a merge patch), opt-in and opt-out with what they do to
 * the tier, point accounts and adjustments (with an internal note), orders and returns, vouchers and holds, the points
 * log (who made each manual entry, reversals), the timeline as sentences, campaigns and the rewards link. Every change
 * goes through a module, scoped to the signed-in operator's program; the ones that cannot be undone through a
 * confirmation page. Texts are the {@code card} bundle's, in the language {@link Languages} chooses.
 */
@Controller
class MemberCardController {

    static final int CARD_ROWS = 50;
    /** Vouchers and holds on the member card, newest first. */
    static final int REDEMPTION_ROWS = 20;
    /** Orders on the member card, newest first. */
    static final int ORDER_ROWS = 20;
    /** A reversal's reason, which becomes the reversal entry's description. */
    static final int REASON_CHARS_MAX = 500;
    /** The profile fields the card edits, in the form's order. */
    static final List<String> PROFILE_FIELDS = List.of("firstName", "lastName", "email", "mobileNumber", "externalId", "city", "country");

    private final Programs programs;
    private final Members members;
    private final Ledger ledger;
    private final Tiers tiers;
    private final Timeline timeline;
    private final Campaigns campaigns;
    private final Adjustments adjustments;
    private final PointMasterHistory history;
    private final Outbox outbox;
    private final RewardLinks links;
    private final MemberPoints memberPoints;
    private final Purchases purchases;
    private final Redemptions redemptions;
    private final Holds holds;
    private final Languages languages;
    private final MessageSource messages;

    MemberCardController(Programs programs, Members members, Ledger ledger, Tiers tiers, Timeline timeline, Campaigns campaigns,
            Adjustments adjustments, PointMasterHistory history, Outbox outbox, RewardLinks links, MemberPoints memberPoints,
            Purchases purchases, Redemptions redemptions, Holds holds, Languages languages, MessageSource messages) {
        this.programs = programs;
        this.members = members;
        this.ledger = ledger;
        this.tiers = tiers;
        this.timeline = timeline;
        this.campaigns = campaigns;
        this.adjustments = adjustments;
        this.history = history;
        this.outbox = outbox;
        this.links = links;
        this.memberPoints = memberPoints;
        this.purchases = purchases;
        this.redemptions = redemptions;
        this.holds = holds;
        this.languages = languages;
        this.messages = messages;
    }

    record CampaignRow(CampaignView campaign, CampaignProgress progress) {}

    record VoucherRow(Voucher voucher, String worth, boolean cancellable) {}

    record HoldRow(Hold hold, boolean voidable) {}

    /** A points log entry as the card shows it: who made it, its internal note, and whether it can be reversed now. */
    record LogRow(Entry entry, String account, String by, String note, boolean reversible) {

        /** The entry's points without their sign. */
        public long magnitude() {
            return Math.abs(entry.amount());
        }

        /** "+" for points in, "−" for points out. */
        public String sign() {
            return entry.amount() > 0 ? "+" : entry.amount() < 0 ? "−" : "";
        }
    }

    /** A timeline event as a sentence, and the point account it is on (empty for most). */
    record TimelineRow(TimelineEvent event, String sentence, String account) {}

    /** An order as the card shows it: amounts written in the operator's language. */
    record OrderRow(MemberOrders.Order order, String amount, String returned) {}

    /** The card's headline: lifetime spend per currency, written out, and lifetime points earned on spendable accounts. */
    record Headline(Instant memberSince, Instant lastPurchaseAt, List<String> lifetimeSpend, long lifetimePoints, TierStatus tier) {}

    /**
     * What a confirmation page asks, and the form that does it; {@code asksReason}: the form has a required reason
     * ({@code reason} and {@code reasonError} when it comes back refused).
     */
    record Confirmation(String title, String detail, String action, String button, String back, boolean asksReason, String reason,
            String reasonError) {

        Confirmation(String title, String detail, String action, String button, String back) {
            this(title, detail, action, button, back, false, null, null);
        }
    }

    @GetMapping("/console/members/{id}")
    String card(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @RequestParam(required = false) String view,
            HttpServletRequest request, Model model) {
        Program program = programs.get(operator.programId());
        Member member = members.get(program.id(), MemberId.of(id));
        return card(operator, program, member, view, request, model, null, Map.of());
    }

    /** The card; {@code profileForm} and {@code profileErrors}: a refused profile change, shown on its open form. */
    private String card(Operator operator, Program program, Member member, String view, HttpServletRequest request, Model model,
            Map<String, String> profileForm, Map<String, String> profileErrors) {
        UUID id = member.id().value();
        Formats fmt = languages.formats(request, program);
        Map<Integer, String> definitionNames = program.pointDefinitions().stream()
                .collect(Collectors.toMap(PointDefinition::id, PointDefinition::name));
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
        PointsOverview points = memberPoints.overview(program, id);
        MemberOrders orders = purchases.orders(program.id(), id, spendable(program), ORDER_ROWS);

        model.addAttribute("operator", operator);
        model.addAttribute("program", program);
        model.addAttribute("fmt", fmt);
        model.addAttribute("member", member);
        model.addAttribute("headline", new Headline(member.createdAt(), orders.lastPurchaseAt(),
                orders.lifetimeSpend().stream().map(s -> TimelineSentences.money(s.amount(), s.currency(), fmt.locale())).toList(),
                points.accounts().stream().filter(a -> a.purpose() == Purpose.SPENDABLE).mapToLong(PointsOverview.Account::lifetimeEarned).sum(),
                tier.orElse(null)));
        model.addAttribute("accounts", points.accounts());
        model.addAttribute("log", logRows(program, id, log, definitionNames));
        model.addAttribute("balanceFollower", balanceFollower);
        model.addAttribute("masterHistory", masterHistory);
        model.addAttribute("masterError", masterError);
        model.addAttribute("tier", tier.orElse(null));
        model.addAttribute("tierHistory", tierHistory);
        model.addAttribute("views", program.timelineViews());
        model.addAttribute("view", chosen == null ? null : chosen.name());
        model.addAttribute("events", timelineRows(program, id, events, log, definitionNames, fmt));
        model.addAttribute("campaigns", campaignRows);
        model.addAttribute("sent", sent);
        model.addAttribute("orders", orders.orders().stream().map(o -> new OrderRow(o,
                TimelineSentences.money(o.amount(), o.currency(), fmt.locale()),
                o.returned() ? TimelineSentences.money(o.returnedAmount(), o.currency(), fmt.locale()) : "")).toList());
        model.addAttribute("vouchers", redemptions.vouchers(program.id(), id, null, REDEMPTION_ROWS).vouchers().stream()
                .map(v -> new VoucherRow(v, RewardsController.worth(v), v.status() == VoucherStatus.ISSUED)).toList());
        model.addAttribute("holds", holds.page(program.id(), id, null, null, REDEMPTION_ROWS).holds().stream()
                .map(h -> new HoldRow(h, h.status() == HoldStatus.PENDING)).toList());
        model.addAttribute("profileFields", PROFILE_FIELDS);
        model.addAttribute("profileForm", profileForm == null ? profileValues(member) : profileForm);
        model.addAttribute("profileErrors", profileErrors);
        model.addAttribute("profileOpen", !profileErrors.isEmpty());
        model.addAttribute("noteMax", Adjustments.NOTE_CHARS_MAX);
        return "console/member";
    }

    /**
     * The log's entries with who made each, their notes, and whether each can be reversed: an earning or a spend on a
     * definition Laurel masters that the entries shown have not wholly reversed yet (the ledger checks again).
     */
    private List<LogRow> logRows(Program program, UUID memberId, List<Entry> log, Map<Integer, String> definitionNames) {
        Map<UUID, Long> reversed = new HashMap<>();
        for (Entry e : log) {
            if (e.kind() == EntryKind.REVERSAL && e.reverses() != null) {
                reversed.merge(e.reverses(), Math.abs(e.amount()), Long::sum);
            }
        }
        Map<UUID, String> notes = adjustments.notes(program.id(), memberId, log.stream().map(Entry::id).toList());
        return log.stream().map(e -> new LogRow(e, definitionNames.getOrDefault(e.definitionId(), ""), TimelineSentences.by(e.actor()),
                notes.get(e.id()), reversible(program, e) && reversed.getOrDefault(e.id(), 0L) < Math.abs(e.amount()))).toList();
    }

    /** The definitions whose points the card's figures count: the spendable ones (tier points are the tier's). */
    private static List<Integer> spendable(Program program) {
        return program.pointDefinitions().stream().filter(d -> d.purpose() == Purpose.SPENDABLE).map(PointDefinition::id).toList();
    }

    private static boolean reversible(Program program, Entry e) {
        return (e.kind() == EntryKind.EARN || e.kind() == EntryKind.SPEND) && e.amount() != 0
                && program.definition(e.definitionId()).map(PointDefinition::master).orElse(false);
    }

    /** The timeline as sentences; the entries they name come from the log shown, else one read each (at most a page's). */
    private List<TimelineRow> timelineRows(Program program, UUID memberId, List<TimelineEvent> events, List<Entry> log,
            Map<Integer, String> definitionNames, Formats fmt) {
        Map<UUID, Entry> entries = new HashMap<>();
        log.forEach(e -> entries.put(e.id(), e));
        for (UUID entryId : TimelineSentences.entryIds(events)) {
            if (!entries.containsKey(entryId)) {
                ledger.entry(program.id(), memberId, entryId).ifPresent(e -> entries.put(e.id(), e));
            }
        }
        TimelineSentences sentences = new TimelineSentences(messages, fmt, definitionNames, entries);
        return events.stream().map(e -> new TimelineRow(e, sentences.sentence(e), sentences.account(e))).toList();
    }

    // ---- profile: a merge patch of the fields the form changed

    @PostMapping("/console/members/{id}/profile")
    @ConsoleAction("profile.edited")
    String editProfile(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @RequestParam Map<String, String> form,
            HttpServletRequest request, Model model, RedirectAttributes redirect) {
        Program program = programs.get(operator.programId());
        Locale locale = languages.choose(request, program);
        Member member = members.get(program.id(), MemberId.of(id));
        Map<String, String> values = new LinkedHashMap<>();
        PROFILE_FIELDS.forEach(f -> values.put(f, form.getOrDefault(f, "").trim()));
        ObjectNode patch = patch(profileValues(member), values);
        if (patch.isEmpty()) {
            redirect.addFlashAttribute("notice", text(locale, "card.profile.unchanged"));
            return "redirect:/console/members/" + id;
        }
        try {
            members.update(program.id(), MemberId.of(id), current -> patched(current, patch));
        } catch (Problem p) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldError error : p.errors()) {
                String field = error.field().contains(".") ? error.field().substring(0, error.field().indexOf('.')) : error.field();
                errors.merge(PROFILE_FIELDS.contains(field) ? field : "", error.message(), (a, b) -> a + "; " + b);
            }
            if (errors.isEmpty()) {
                errors.put("", problem(locale, p));
            }
            model.addAttribute("problem", text(locale, "card.profile.refused"));
            return card(operator, program, member, null, request, model, values, errors);
        }
        redirect.addFlashAttribute("notice", text(locale, "card.profile.saved", patch.size()));
        return "redirect:/console/members/" + id;
    }

    /** RFC 7386 between what the form started from and what it sent: the changed fields, an emptied one as {@code null}. */
    static ObjectNode patch(Map<String, String> before, Map<String, String> after) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        after.forEach((field, value) -> {
            String old = before.getOrDefault(field, "");
            if (!value.equals(old)) {
                if (value.isEmpty()) {
                    patch.putNull(field);
                } else {
                    patch.put(field, value);
                }
            }
        });
        return patch;
    }

    /** The member's draft with {@code patch} merged into its profile fields ({@link MergePatch}, as PATCH /v1/members does). */
    private static MemberDraft patched(MemberDraft current, ObjectNode patch) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        profileValues(current).forEach((f, v) -> {
            if (!v.isEmpty()) {
                fields.put(f, v);
            }
        });
        JsonNode merged = MergePatch.apply(fields, patch);
        return new MemberDraft(current.id(), value(merged, "externalId"), value(merged, "email"), value(merged, "mobileNumber"),
                value(merged, "firstName"), value(merged, "lastName"), current.gender(), current.dob(), current.address(),
                current.address2(), value(merged, "city"), current.zip(), current.state(), value(merged, "country"), current.optedIn(),
                current.attributes(), current.identifiers());
    }

    private static String value(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Map<String, String> profileValues(Member m) {
        return profileValues(m.draft());
    }

    private static Map<String, String> profileValues(MemberDraft d) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("firstName", orEmpty(d.firstName()));
        values.put("lastName", orEmpty(d.lastName()));
        values.put("email", orEmpty(d.email()));
        values.put("mobileNumber", orEmpty(d.mobileNumber()));
        values.put("externalId", orEmpty(d.externalId()));
        values.put("city", orEmpty(d.city()));
        values.put("country", orEmpty(d.country()));
        return values;
    }

    // ---- opt-in and opt-out, with what they do to the tier

    @GetMapping("/console/members/{id}/opt-in")
    String confirmOptIn(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, HttpServletRequest request, Model model,
            RedirectAttributes redirect) {
        return confirmOpt(operator, id, true, request, model, redirect);
    }

    @GetMapping("/console/members/{id}/opt-out")
    String confirmOptOut(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, HttpServletRequest request, Model model,
            RedirectAttributes redirect) {
        return confirmOpt(operator, id, false, request, model, redirect);
    }

    private String confirmOpt(Operator operator, UUID id, boolean in, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        Program program = programs.get(operator.programId());
        Locale locale = languages.choose(request, program);
        Member member = members.get(program.id(), MemberId.of(id));
        String way = in ? "in" : "out";
        if (member.optedIn() == in) {
            redirect.addFlashAttribute("problem", text(locale, "card.opt." + way + ".already"));
            return "redirect:/console/members/" + id;
        }
        Optional<String> now = tiers.status(program.id(), id).map(TierStatus::level);
        Optional<String> after = tiers.levelOnOptIn(program.id(), id, in);
        String consequence;
        if (now.isEmpty()) {
            consequence = text(locale, "card.opt.noTiers");
        } else if (after.isEmpty() || after.get().equals(now.get())) {
            consequence = text(locale, "card.opt.tierStays", now.get());
        } else {
            consequence = text(locale, "card.opt." + way + ".tier", now.get(), after.get());
        }
        return confirmation(operator, program, request, model, new Confirmation(text(locale, "card.opt." + way + ".title", name(member, locale)),
                text(locale, "card.opt." + way + ".detail") + " " + consequence, "/console/members/" + id + "/opt-" + way,
                text(locale, "card.opt." + way + ".button"), "/console/members/" + id));
    }

    @PostMapping("/console/members/{id}/opt-in")
    @ConsoleAction("optIn.given")
    String optIn(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
        return opt(operator, id, true, request, redirect);
    }

    @PostMapping("/console/members/{id}/opt-out")
    @ConsoleAction("optIn.withdrawn")
    String optOut(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
        return opt(operator, id, false, request, redirect);
    }

    private String opt(Operator operator, UUID id, boolean in, HttpServletRequest request, RedirectAttributes redirect) {
        Program program = programs.get(operator.programId());
        Locale locale = languages.choose(request, program);
        try {
            members.update(program.id(), MemberId.of(id), current -> new MemberDraft(current.id(), current.externalId(), current.email(),
                    current.mobileNumber(), current.firstName(), current.lastName(), current.gender(), current.dob(), current.address(),
                    current.address2(), current.city(), current.zip(), current.state(), current.country(), in, current.attributes(),
                    current.identifiers()));
            Optional<String> level = tiers.status(program.id(), id).map(TierStatus::level);
            redirect.addFlashAttribute("notice", level.isPresent() ? text(locale, "card.opt." + (in ? "in" : "out") + ".done.tier", level.get())
                    : text(locale, "card.opt." + (in ? "in" : "out") + ".done"));
        } catch (Problem p) {
            redirect.addFlashAttribute("problem", problem(locale, p));
        }
        return "redirect:/console/members/" + id;
    }

    // ---- reversing a points log entry, with a reason

    @GetMapping("/console/members/{id}/entries/{entryId}/reverse")
    String confirmReverse(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @PathVariable UUID entryId,
            HttpServletRequest request, Model model, RedirectAttributes redirect) {
        Program program = programs.get(operator.programId());
        Locale locale = languages.choose(request, program);
        members.get(program.id(), MemberId.of(id));
        Optional<Entry> entry = ledger.entry(program.id(), id, entryId);
        if (entry.isEmpty() || !reversible(program, entry.get())) {
            redirect.addFlashAttribute("problem", text(locale, entry.isEmpty() ? "card.reverse.noEntry" : "card.reverse.notReversible"));
            return "redirect:/console/members/" + id;
        }
        return confirmation(operator, program, request, model, reversal(program, id, entry.get(), locale, null, null));
    }

    private Confirmation reversal(Program program, UUID memberId, Entry e, Locale locale, String reason, String reasonError) {
        Formats fmt = new Formats(locale, program.timezone());
        String account = program.definition(e.definitionId()).map(PointDefinition::name).orElse("");
        String what = e.description() == null || e.description().isBlank() ? e.source() : e.description();
        return new Confirmation(text(locale, "card.reverse.title", fmt.number(Math.abs(e.amount())), what),
                text(locale, e.kind() == EntryKind.EARN ? "card.reverse.detail.earning" : "card.reverse.detail.spend",
                        fmt.number(Math.abs(e.amount())), account, fmt.date(e.recordedAt())),
                "/console/members/" + memberId + "/entries/" + e.id() + "/reverse", text(locale, "card.reverse.button"),
                "/console/members/" + memberId, true, reason, reasonError);
    }

    @PostMapping("/console/members/{id}/entries/{entryId}/reverse")
    @ConsoleAction("entry.reversed")
    String reverse(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @PathVariable UUID entryId,
            @RequestParam(required = false) String reason, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        Program program = programs.get(operator.programId());
        Locale locale = languages.choose(request, program);
        String why = reason == null ? "" : reason.trim();
        if (why.isEmpty() || why.length() > REASON_CHARS_MAX) {
            String refused = text(locale, why.isEmpty() ? "card.reverse.reasonRequired" : "card.reverse.reasonTooLong", REASON_CHARS_MAX);
            Optional<Entry> entry = ledger.entry(program.id(), id, entryId);
            if (entry.isPresent() && reversible(program, entry.get())) {
                model.addAttribute("problem", refused);
                return confirmation(operator, program, request, model, reversal(program, id, entry.get(), locale, reason, refused));
            }
            redirect.addFlashAttribute("problem", refused);
            return "redirect:/console/members/" + id;
        }
        try {
            var posted = adjustments.reverse(program.id(), id, entryId, null, why,
                    Actor.user(operator.username(), operator.name()));
            redirect.addFlashAttribute("notice", text(locale, "card.reverse.done",
                    new Formats(locale, program.timezone()).number(Math.abs(posted.entry().amount()))));
        } catch (Problem p) {
            redirect.addFlashAttribute("problem", problem(locale, p));
        }
        return "redirect:/console/members/" + id;
    }

    // ---- vouchers and holds

    @GetMapping("/console/members/{id}/vouchers/{code}/cancel")
    String confirmCancel(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @PathVariable String code,
            HttpServletRequest request, Model model, RedirectAttributes redirect) {
        Program program = programs.get(operator.programId());
        Locale locale = languages.choose(request, program);
        Voucher v = memberVoucher(program.id(), id, code);
        if (v == null || v.status() != VoucherStatus.ISSUED) {
            redirect.addFlashAttribute("problem", v == null ? text(locale, "card.voucher.none", code)
                    : text(locale, "card.voucher.notIssued", v.code(), status(locale, "voucher", v.status().name())));
            return "redirect:/console/members/" + id;
        }
        return confirmation(operator, program, request, model, new Confirmation(text(locale, "card.voucher.cancel.title", v.code()),
                text(locale, "card.voucher.cancel.detail", v.name(), new Formats(locale, program.timezone()).number(v.points())),
                "/console/members/" + id + "/vouchers/" + v.code() + "/cancel", text(locale, "card.voucher.cancel.button"),
                "/console/members/" + id));
    }

    @PostMapping("/console/members/{id}/vouchers/{code}/cancel")
    @ConsoleAction("voucher.cancelled")
    String cancel(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @PathVariable String code, HttpServletRequest request,
            RedirectAttributes redirect) {
        Program program = programs.get(operator.programId());
        Locale locale = languages.choose(request, program);
        try {
            if (memberVoucher(operator.programId(), id, code) == null) {
                redirect.addFlashAttribute("problem", text(locale, "card.voucher.none", code));
            } else {
                Cancelled cancelled = redemptions.cancel(operator.programId(), code);
                redirect.addFlashAttribute("notice", text(locale, "card.voucher.cancel.done", cancelled.voucher().code(),
                        new Formats(locale, program.timezone()).number(cancelled.voucher().points())));
            }
        } catch (Problem p) {
            redirect.addFlashAttribute("problem", problem(locale, p));
        }
        return "redirect:/console/members/" + id;
    }

    @GetMapping("/console/members/{id}/holds/{holdId}/void")
    String confirmVoid(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @PathVariable UUID holdId,
            HttpServletRequest request, Model model, RedirectAttributes redirect) {
        Program program = programs.get(operator.programId());
        Locale locale = languages.choose(request, program);
        Hold h = memberHold(program.id(), id, holdId);
        if (h == null || h.status() != HoldStatus.PENDING) {
            redirect.addFlashAttribute("problem", h == null ? text(locale, "card.hold.none")
                    : text(locale, "card.hold.notPending", status(locale, "hold", h.status().name())));
            return "redirect:/console/members/" + id;
        }
        return confirmation(operator, program, request, model, new Confirmation(text(locale, "card.hold.void.title", h.reference()),
                text(locale, "card.hold.void.detail", new Formats(locale, program.timezone()).number(h.points())),
                "/console/members/" + id + "/holds/" + holdId + "/void", text(locale, "card.hold.void.button"), "/console/members/" + id));
    }

    @PostMapping("/console/members/{id}/holds/{holdId}/void")
    @ConsoleAction("hold.voided")
    String voidHold(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @PathVariable UUID holdId, HttpServletRequest request,
            RedirectAttributes redirect) {
        Program program = programs.get(operator.programId());
        Locale locale = languages.choose(request, program);
        try {
            if (memberHold(operator.programId(), id, holdId) == null) {
                redirect.addFlashAttribute("problem", text(locale, "card.hold.none"));
            } else {
                HoldChange voided = holds.voidHold(operator.programId(), holdId);
                redirect.addFlashAttribute("notice", text(locale, "card.hold.void.done", voided.hold().reference(),
                        new Formats(locale, program.timezone()).number(voided.hold().released())));
            }
        } catch (Problem p) {
            redirect.addFlashAttribute("problem", problem(locale, p));
        }
        return "redirect:/console/members/" + id;
    }

    // ---- adjustments and the rewards link

    @PostMapping("/console/members/{id}/adjustments")
    @ConsoleAction("points.adjusted")
    String adjust(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, @RequestParam int definitionId,
            @RequestParam String amount, @RequestParam String description, @RequestParam(required = false) String note,
            HttpServletRequest request, RedirectAttributes redirect) {
        Program program = programs.get(operator.programId());
        Locale locale = languages.choose(request, program);
        Formats fmt = new Formats(locale, program.timezone());
        try {
            long points = Long.parseLong(amount.trim());
            String internal = note == null || note.isBlank() ? null : note.trim();
            Adjustments.Outcome outcome = adjustments.apply(operator.programId(), new Adjustment(id, definitionId, points, description,
                    Adjustment.MANUAL, Actor.user(operator.username(), operator.name()), internal));
            if (outcome instanceof Adjustments.Forwarded forwarded) {
                redirect.addFlashAttribute("notice", text(locale, "card.adjust.forwarded", fmt.number(points), forwarded.webhookEventId().toString()));
            } else {
                redirect.addFlashAttribute("notice", text(locale, "card.adjust.applied", (points > 0 ? "+" : "-") + fmt.number(Math.abs(points))));
            }
        } catch (NumberFormatException e) {
            redirect.addFlashAttribute("problem", text(locale, "card.adjust.wholeNumber"));
        } catch (Problem p) {
            redirect.addFlashAttribute("problem", problem(locale, p));
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

    // ---- shared

    private String confirmation(Operator operator, Program program, HttpServletRequest request, Model model, Confirmation confirmation) {
        model.addAttribute("operator", operator);
        model.addAttribute("program", program);
        model.addAttribute("fmt", languages.formats(request, program));
        model.addAttribute("confirmation", confirmation);
        model.addAttribute("reasonMax", REASON_CHARS_MAX);
        return "console/confirm";
    }

    /** A module's refusal in the operator's language: a sentence per known code, with the module's detail after it. */
    private String problem(Locale locale, Problem p) {
        return messages.getMessage("card.problem." + p.code(), new Object[] {p.detail()}, text(locale, "card.problem.other", p.detail()), locale);
    }

    private String status(Locale locale, String what, String status) {
        return messages.getMessage("card." + what + ".status." + status, null, status, locale);
    }

    private String name(Member m, Locale locale) {
        String name = (orEmpty(m.firstName()) + " " + orEmpty(m.lastName())).trim();
        return name.isEmpty() ? text(locale, "card.unnamed") : name;
    }

    private String text(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, locale);
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

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
