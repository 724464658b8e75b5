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
import dev.laurel.programs.Program;
import dev.laurel.programs.Programs;
import dev.laurel.tiers.TierStatus;
import dev.laurel.tiers.Tiers;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** What a member sees, reached by a signed, expiring link: tier, points, expiring points, ledger, campaigns. */
@Controller
class RewardsController {

    static final int LEDGER_ROWS = 30;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final RewardLinks links;
    private final Programs programs;
    private final Members members;
    private final MemberPoints memberPoints;
    private final Tiers tiers;
    private final Campaigns campaigns;

    RewardsController(RewardLinks links, Programs programs, Members members, MemberPoints memberPoints, Tiers tiers, Campaigns campaigns) {
        this.links = links;
        this.programs = programs;
        this.members = members;
        this.memberPoints = memberPoints;
        this.tiers = tiers;
        this.campaigns = campaigns;
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
        return "rewards/page";
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
