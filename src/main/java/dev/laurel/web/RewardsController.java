package dev.laurel.web;

import dev.laurel.campaigns.CampaignProgress;
import dev.laurel.campaigns.CampaignView;
import dev.laurel.campaigns.Campaigns;
import dev.laurel.earning.MemberPoints;
import dev.laurel.earning.PointsOverview;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.EntryKind;
import dev.laurel.ledger.Ledger;
import dev.laurel.members.Identifier;
import dev.laurel.members.Member;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.platform.Problem;
import dev.laurel.platform.ReplicaReads;
import dev.laurel.programs.Program;
import dev.laurel.programs.Programs;
import dev.laurel.redemption.MemberReward;
import dev.laurel.redemption.Redeemed;
import dev.laurel.redemption.Redemptions;
import dev.laurel.redemption.Rewards;
import dev.laurel.redemption.Voucher;
import dev.laurel.redemption.VoucherStatus;
import dev.laurel.tiers.TierStatus;
import dev.laurel.tiers.Tiers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What a member sees, reached by a signed, expiring link: their card as a barcode, tier, points (pending and expiring soon
 * by date), the rewards they may redeem (through a confirmation page whose form redeems once, however often it is sent),
 * their vouchers with a QR code to show at the till, history, campaigns. Written in the member's language
 * ({@link Languages}: the browser's, else the program's) from the {@code rewards} message bundle.
 */
@Controller
class RewardsController {

    static final int LEDGER_ROWS = 30;
    static final int VOUCHER_ROWS = 20;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final RewardLinks links;
    private final Programs programs;
    private final Members members;
    private final MemberPoints memberPoints;
    private final Tiers tiers;
    private final Campaigns campaigns;
    private final Rewards rewards;
    private final Redemptions redemptions;
    private final Languages languages;
    private final MessageSource messages;

    RewardsController(RewardLinks links, Programs programs, Members members, MemberPoints memberPoints, Tiers tiers, Campaigns campaigns,
            Rewards rewards, Redemptions redemptions, Languages languages, MessageSource messages) {
        this.links = links;
        this.programs = programs;
        this.members = members;
        this.memberPoints = memberPoints;
        this.tiers = tiers;
        this.campaigns = campaigns;
        this.rewards = rewards;
        this.redemptions = redemptions;
        this.languages = languages;
        this.messages = messages;
    }

    /** The page's texts in one language: the {@code rewards} bundle's messages, with their arguments. */
    record Texts(MessageSource messages, Locale locale) {
        String get(String key, Object... args) {
            return messages.getMessage(key, args, locale);
        }
    }

    /** A reward the member may see, and in their words why they cannot redeem it now (null when they can). */
    record RewardRow(MemberReward offer, String whyNot) {
        static RewardRow of(MemberReward offer, Texts texts) {
            String why = offer.whyNot() == null ? null : switch (offer.whyNot().code()) {
                case "out-of-stock" -> texts.get("rewards.reward.noneLeft");
                case "member-limit-reached" -> texts.get("rewards.reward.limit", offer.holding(), offer.reward().perMemberLimit());
                case "insufficient-points" -> texts.get("rewards.reward.short", offer.pointsShort());
                default -> offer.whyNot().detail();
            };
            return new RewardRow(offer, why);
        }
    }

    /** A voucher as the page shows it: what it is worth, until when (in the program's zone), and its QR code while it can be used. */
    record VoucherRow(Voucher voucher, String worth, String validUntil, QrCode qr) {
        static VoucherRow of(Voucher v, Formats fmt) {
            return new VoucherRow(v, RewardsController.worth(v), fmt.dateTime(v.validUntil()),
                    v.status() == VoucherStatus.ISSUED ? QrCode.of(v.code()) : null);
        }
    }

    /** A campaign and the member's progress in it, with how far along as a percentage for the bar. */
    record CampaignRow(CampaignView campaign, CampaignProgress progress, int percent) {
        static CampaignRow of(CampaignView campaign, CampaignProgress progress) {
            int percent = progress.target().signum() <= 0 ? 0
                    : progress.progress().multiply(HUNDRED).divide(progress.target(), 0, RoundingMode.FLOOR).min(HUNDRED).intValue();
            return new CampaignRow(campaign, progress, percent);
        }
    }

    /**
     * The member's card: its number (the value of the program's {@code cardIdentifier}, else the member's external id)
     * and, when the number is one a Code 128 barcode can carry, the barcode.
     */
    record Card(String number, Barcode barcode) {
        static Card of(Program program, Member member) {
            String number = program.cardIdentifier() == null ? member.externalId()
                    : member.identifiers().stream().filter(i -> i.type().equals(program.cardIdentifier())).map(Identifier::value)
                            .findFirst().orElse(null);
            if (number == null || number.isBlank()) {
                return null;
            }
            return new Card(number, Barcode.drawable(number) ? Barcode.of(number) : null);
        }
    }

    /**
     * One line of the history: the day it happened (a purchase's date, not when Laurel recorded it), what it was in the
     * member's words (Laurel's own entries translated, an adjustment's member-visible description as written), the points.
     */
    record HistoryRow(String date, String what, long amount, boolean pending) {
        static HistoryRow of(Entry e, Formats fmt, Texts texts) {
            String what = switch (e.source() == null ? "" : e.source()) {
                case "Purchase" -> e.reference() == null ? texts.get("rewards.history.purchase") : texts.get("rewards.history.purchaseOf", e.reference());
                case "Return" -> e.reference() == null ? texts.get("rewards.history.return") : texts.get("rewards.history.returnOf", e.reference());
                case Ledger.EXPIRY_SOURCE, Ledger.INACTIVITY_SOURCE -> texts.get("rewards.history.expired");
                case Redemptions.SOURCE -> e.kind() == EntryKind.REVERSAL ? texts.get("rewards.history.voucherCancelled")
                        : e.description() != null && e.description().startsWith(Redemptions.DESCRIPTION_PREFIX)
                                ? texts.get("rewards.history.redeemed", e.description().substring(Redemptions.DESCRIPTION_PREFIX.length()))
                                : e.description();
                default -> e.description() == null || e.description().isBlank() ? texts.get("rewards.history.points") : e.description();
            };
            return new HistoryRow(fmt.date(e.occurredAt()), what, e.amount(), e.pending());
        }
    }

    /** The tier card's sentences: points to the next level (or that this is the top), and until when the level lasts. */
    record TierRow(TierStatus status, String toNext, String until) {
        static TierRow of(TierStatus tier, Formats fmt, Texts texts) {
            String toNext;
            if (tier.nextLevel() == null) {
                toNext = texts.get("rewards.tier.top");
            } else if (tier.pointsToNextLevel() == 0) {
                toNext = texts.get("rewards.tier.reached", tier.nextLevel());
            } else {
                toNext = texts.get("rewards.tier.toNext", tier.pointsToNextLevel(), tier.nextLevel());
            }
            // The level ends at the start of resetsAt's day (midnight in the program's zone): its last day is the one before.
            String until = tier.resetsAt() == null ? null : texts.get("rewards.tier.until", fmt.date(tier.resetsAt().minusNanos(1)));
            return new TierRow(tier, toNext, until);
        }
    }

    @ResponseStatus(HttpStatus.NOT_FOUND)
    static final class LinkNotValid extends RuntimeException {
        LinkNotValid() {
            super("This rewards link is not valid or has expired.");
        }
    }

    /** What a voucher is worth at the till: its value, or the item it is for. */
    static String worth(Voucher v) {
        return v.value() != null ? v.value().amount().toPlainString() + " " + v.value().currency() : v.item();
    }

    @ReplicaReads.Allowed
    @GetMapping("/rewards/{token}")
    String page(@PathVariable String token, Model model, HttpServletRequest request, HttpServletResponse response) {
        RewardLinks.Target target = links.open(token).orElse(null);
        if (target == null) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "rewards/invalid";
        }
        Program program = programs.get(target.programId());
        Formats fmt = languages.formats(request, program);
        Texts texts = new Texts(messages, fmt.locale());
        Member member = members.get(program.id(), MemberId.of(target.memberId()));
        PointsOverview points = memberPoints.overview(program, target.memberId());
        List<CampaignRow> rows = new ArrayList<>();
        campaigns.active(program.id(), target.memberId()).forEach(c -> rows.add(CampaignRow.of(c, campaigns.progress(program.id(),
                target.memberId(), c.id()))));
        TierStatus tier = tiers.status(program.id(), target.memberId()).orElse(null);
        model.addAttribute("fmt", fmt);
        model.addAttribute("token", token);
        model.addAttribute("program", program);
        model.addAttribute("member", member);
        model.addAttribute("card", Card.of(program, member));
        model.addAttribute("available", points.availablePoints());
        model.addAttribute("pending", points.pendingPoints());
        model.addAttribute("pendingIncluded", program.availablePoints() == Program.AvailablePoints.SPENDABLE_PLUS_ESCROW);
        model.addAttribute("pendingDays", memberPoints.pendingByDay(program, target.memberId()));
        model.addAttribute("expiring", points.expiringSoon());
        model.addAttribute("expiringDays", PointsOverview.EXPIRING_SOON_DAYS);
        model.addAttribute("tier", tier == null ? null : TierRow.of(tier, fmt, texts));
        model.addAttribute("ledger", memberPoints.spendableHistory(program, target.memberId(), LEDGER_ROWS).entries().stream()
                .map(e -> HistoryRow.of(e, fmt, texts)).toList());
        model.addAttribute("campaigns", rows);
        model.addAttribute("rewards", rewards.forMember(program.id(), target.memberId()).stream().map(r -> RewardRow.of(r, texts)).toList());
        model.addAttribute("vouchers", redemptions.vouchers(program.id(), target.memberId(), null, VOUCHER_ROWS).vouchers().stream()
                .map(v -> VoucherRow.of(v, fmt)).toList());
        return "rewards/page";
    }

    /** The confirmation step: what the reward costs and what is left after; its form carries a fresh request key. */
    @GetMapping("/rewards/{token}/rewards/{rewardId}/redeem")
    String confirm(@PathVariable String token, @PathVariable String rewardId, Model model, HttpServletRequest request,
            RedirectAttributes redirect) {
        RewardLinks.Target target = links.open(token).orElseThrow(LinkNotValid::new);
        Program program = programs.get(target.programId());
        Formats fmt = languages.formats(request, program);
        Texts texts = new Texts(messages, fmt.locale());
        Optional<MemberReward> offer = rewards.forMember(target.programId(), target.memberId()).stream()
                .filter(r -> r.reward().id().equals(rewardId)).findFirst();
        if (offer.isEmpty()) {
            redirect.addFlashAttribute("problem", texts.get("rewards.flash.notAvailable"));
            return "redirect:/rewards/" + token;
        }
        model.addAttribute("fmt", fmt);
        model.addAttribute("token", token);
        model.addAttribute("program", program);
        model.addAttribute("row", RewardRow.of(offer.get(), texts));
        model.addAttribute("after", offer.get().balance() - offer.get().reward().cost());
        model.addAttribute("requestKey", UUID.randomUUID().toString());
        return "rewards/confirm";
    }

    @PostMapping("/rewards/{token}/redemptions")
    String redeem(@PathVariable String token, @RequestParam String rewardId, @RequestParam String requestKey, HttpServletRequest request,
            RedirectAttributes redirect) {
        RewardLinks.Target target = links.open(token).orElseThrow(LinkNotValid::new);
        Texts texts = new Texts(messages, languages.choose(request, programs.get(target.programId())));
        if (!isUuid(requestKey)) {
            redirect.addFlashAttribute("problem", texts.get("rewards.flash.formExpired"));
            return "redirect:/rewards/" + token;
        }
        try {
            Redeemed redeemed = redemptions.redeemOnce(target.programId(), target.memberId(), rewardId, requestKey);
            redirect.addFlashAttribute("notice", texts.get("rewards.flash.redeemed", redeemed.voucher().name(), redeemed.voucher().code()));
        } catch (Problem p) {
            redirect.addFlashAttribute("problem", p.detail());
        }
        return "redirect:/rewards/" + token;
    }

    private static boolean isUuid(String s) {
        try {
            return s.length() == 36 && UUID.fromString(s).toString().equals(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @PostMapping("/rewards/{token}/campaigns/{campaignId}/enrollment")
    String optIn(@PathVariable String token, @PathVariable String campaignId, HttpServletRequest request, RedirectAttributes redirect) {
        RewardLinks.Target target = links.open(token).orElseThrow(LinkNotValid::new);
        Texts texts = new Texts(messages, languages.choose(request, programs.get(target.programId())));
        try {
            campaigns.enroll(target.programId(), target.memberId(), campaignId);
            redirect.addFlashAttribute("notice", texts.get("rewards.flash.joined"));
        } catch (Problem p) {
            redirect.addFlashAttribute("problem", p.detail());
        }
        return "redirect:/rewards/" + token;
    }
}
