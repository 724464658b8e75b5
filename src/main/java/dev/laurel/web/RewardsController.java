package dev.laurel.web;

import dev.laurel.campaigns.CampaignProgress;
import dev.laurel.campaigns.CampaignView;
import dev.laurel.campaigns.Campaigns;
import dev.laurel.earning.MemberPoints;
import dev.laurel.earning.PointsOverview;
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
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 * What a member sees, reached by a signed, expiring link: tier, points, expiring points, the rewards they may redeem
 * (through a confirmation page whose form redeems once, however often it is sent), their vouchers with a QR code to
 * show at the till, ledger, campaigns.
 */
@Controller
class RewardsController {

    static final int LEDGER_ROWS = 30;
    static final int VOUCHER_ROWS = 20;
    /** How the page shows a voucher's validity, in the program's zone. */
    static final DateTimeFormatter VALID_UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final RewardLinks links;
    private final Programs programs;
    private final Members members;
    private final MemberPoints memberPoints;
    private final Tiers tiers;
    private final Campaigns campaigns;
    private final Rewards rewards;
    private final Redemptions redemptions;

    RewardsController(RewardLinks links, Programs programs, Members members, MemberPoints memberPoints, Tiers tiers, Campaigns campaigns,
            Rewards rewards, Redemptions redemptions) {
        this.links = links;
        this.programs = programs;
        this.members = members;
        this.memberPoints = memberPoints;
        this.tiers = tiers;
        this.campaigns = campaigns;
        this.rewards = rewards;
        this.redemptions = redemptions;
    }

    /** A reward the member may see, and in their words why they cannot redeem it now (null when they can). */
    record RewardRow(MemberReward offer, String whyNot) {
        static RewardRow of(MemberReward offer) {
            String why = offer.whyNot() == null ? null : switch (offer.whyNot().code()) {
                case "out-of-stock" -> "None left.";
                case "member-limit-reached" -> "You have " + offer.holding() + " of the " + offer.reward().perMemberLimit() + " allowed.";
                case "insufficient-points" -> "You need " + offer.pointsShort() + " more points.";
                default -> offer.whyNot().detail();
            };
            return new RewardRow(offer, why);
        }
    }

    /** A voucher as the page shows it: what it is worth, until when (in the program's zone), and its QR code while it can be used. */
    record VoucherRow(Voucher voucher, String worth, String validUntil, QrCode qr) {
        static VoucherRow of(Voucher v, ZoneId zone) {
            return new VoucherRow(v, RewardsController.worth(v), VALID_UNTIL.format(v.validUntil().atZone(zone)),
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
    String page(@PathVariable String token, Model model, HttpServletResponse response) {
        RewardLinks.Target target = links.open(token).orElse(null);
        if (target == null) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "rewards/invalid";
        }
        Program program = programs.get(target.programId());
        Member member = members.get(program.id(), MemberId.of(target.memberId()));
        PointsOverview points = memberPoints.overview(program, target.memberId());
        List<CampaignRow> rows = new ArrayList<>();
        campaigns.active(program.id(), target.memberId()).forEach(c -> rows.add(CampaignRow.of(c, campaigns.progress(program.id(),
                target.memberId(), c.id()))));
        TierStatus tier = tiers.status(program.id(), target.memberId()).orElse(null);
        model.addAttribute("token", token);
        model.addAttribute("program", program);
        model.addAttribute("member", member);
        model.addAttribute("available", points.availablePoints());
        model.addAttribute("pending", points.pendingPoints());
        model.addAttribute("expiring", points.expiringSoon());
        model.addAttribute("tier", tier);
        model.addAttribute("ledger", memberPoints.spendableHistory(program, target.memberId(), LEDGER_ROWS).entries());
        model.addAttribute("campaigns", rows);
        model.addAttribute("rewards", rewards.forMember(program.id(), target.memberId()).stream().map(RewardRow::of).toList());
        model.addAttribute("vouchers", redemptions.vouchers(program.id(), target.memberId(), null, VOUCHER_ROWS).vouchers().stream()
                .map(v -> VoucherRow.of(v, program.timezone())).toList());
        return "rewards/page";
    }

    /** The confirmation step: what the reward costs and what is left after; its form carries a fresh request key. */
    @GetMapping("/rewards/{token}/rewards/{rewardId}/redeem")
    String confirm(@PathVariable String token, @PathVariable String rewardId, Model model, RedirectAttributes redirect) {
        RewardLinks.Target target = links.open(token).orElseThrow(LinkNotValid::new);
        Optional<MemberReward> offer = rewards.forMember(target.programId(), target.memberId()).stream()
                .filter(r -> r.reward().id().equals(rewardId)).findFirst();
        if (offer.isEmpty()) {
            redirect.addFlashAttribute("problem", "This reward is not available to you.");
            return "redirect:/rewards/" + token;
        }
        model.addAttribute("token", token);
        model.addAttribute("program", programs.get(target.programId()));
        model.addAttribute("row", RewardRow.of(offer.get()));
        model.addAttribute("after", offer.get().balance() - offer.get().reward().cost());
        model.addAttribute("requestKey", UUID.randomUUID().toString());
        return "rewards/confirm";
    }

    @PostMapping("/rewards/{token}/redemptions")
    String redeem(@PathVariable String token, @RequestParam String rewardId, @RequestParam String requestKey, RedirectAttributes redirect) {
        RewardLinks.Target target = links.open(token).orElseThrow(LinkNotValid::new);
        if (!isUuid(requestKey)) {
            redirect.addFlashAttribute("problem", "This form is not valid any more; please choose the reward again.");
            return "redirect:/rewards/" + token;
        }
        try {
            Redeemed redeemed = redemptions.redeemOnce(target.programId(), target.memberId(), rewardId, requestKey);
            redirect.addFlashAttribute("notice", "You redeemed " + redeemed.voucher().name() + ". Your voucher code is "
                    + redeemed.voucher().code() + ".");
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
    String optIn(@PathVariable String token, @PathVariable String campaignId, RedirectAttributes redirect) {
        RewardLinks.Target target = links.open(token).orElseThrow(LinkNotValid::new);
        try {
            campaigns.enroll(target.programId(), target.memberId(), campaignId);
            redirect.addFlashAttribute("notice", "You have joined the campaign.");
        } catch (Problem p) {
            redirect.addFlashAttribute("problem", p.detail());
        }
        return "redirect:/rewards/" + token;
    }
}
