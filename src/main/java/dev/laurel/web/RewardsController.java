package dev.laurel.web;

import dev.laurel.campaigns.CampaignProgress;
import dev.laurel.campaigns.CampaignView;
import dev.laurel.campaigns.Campaigns;
import dev.laurel.earning.AvailablePoints;
import dev.laurel.ledger.Bucket;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.PointAccount;
import dev.laurel.members.Member;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.platform.Problem;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.Purpose;
import dev.laurel.programs.Programs;
import dev.laurel.tiers.Tiers;
import java.time.Clock;
import java.time.LocalDate;
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

    static final int EXPIRING_SOON_DAYS = 60;
    static final int LEDGER_ROWS = 30;

    private final RewardLinks links;
    private final Programs programs;
    private final Members members;
    private final Ledger ledger;
    private final Tiers tiers;
    private final Campaigns campaigns;
    private final Clock clock;

    RewardsController(RewardLinks links, Programs programs, Members members, Ledger ledger, Tiers tiers, Campaigns campaigns, Clock clock) {
        this.links = links;
        this.programs = programs;
        this.members = members;
        this.ledger = ledger;
        this.tiers = tiers;
        this.campaigns = campaigns;
        this.clock = clock;
    }

    /** A campaign and the member's progress in it, with how far along as a percentage for the bar. */
    record CampaignRow(CampaignView campaign, CampaignProgress progress, int percent) {
        static CampaignRow of(CampaignView campaign, CampaignProgress progress) {
            int percent = progress.target().signum() <= 0 ? 0
                    : progress.progress().multiply(java.math.BigDecimal.valueOf(100)).divide(progress.target(), 0, java.math.RoundingMode.FLOOR)
                            .min(java.math.BigDecimal.valueOf(100)).intValue();
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
    String page(@PathVariable String token, Model model, jakarta.servlet.http.HttpServletResponse response) {
        RewardLinks.Target target = links.open(token).orElse(null);
        if (target == null) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "rewards/invalid";
        }
        Program program = programs.get(target.programId());
        Member member = members.get(program.id(), MemberId.of(target.memberId()));
        List<PointAccount> accounts = ledger.accounts(program.id(), target.memberId(), program.timezone());
        long pending = accounts.stream().filter(a -> program.definition(a.definitionId()).map(d -> d.purpose() == Purpose.SPENDABLE).orElse(false))
                .mapToLong(PointAccount::pending).sum();
        LocalDate soon = LocalDate.ofInstant(clock.instant(), program.timezone()).plusDays(EXPIRING_SOON_DAYS);
        List<Bucket> expiring = new ArrayList<>();
        accounts.stream().filter(a -> program.definition(a.definitionId()).map(d -> d.purpose() == Purpose.SPENDABLE).orElse(false))
                .flatMap(a -> a.expiring().stream()).filter(b -> b.expirationDate() != null && !b.expirationDate().isAfter(soon))
                .forEach(expiring::add);
        expiring.sort(java.util.Comparator.comparing(Bucket::expirationDate));
        List<CampaignRow> rows = new ArrayList<>();
        campaigns.active(program.id(), target.memberId()).forEach(c -> rows.add(CampaignRow.of(c, campaigns.progress(program.id(),
                target.memberId(), c.id()))));
        var tier = tiers.status(program.id(), target.memberId()).orElse(null);
        model.addAttribute("token", token);
        model.addAttribute("program", program);
        model.addAttribute("member", member);
        model.addAttribute("available", AvailablePoints.of(program, accounts));
        model.addAttribute("pending", pending);
        model.addAttribute("expiring", expiring);
        model.addAttribute("tier", tier);
        // The member's history is their spendable points; tier-qualifying points show as the tier.
        model.addAttribute("ledger", ledger.log(program.id(), target.memberId(), null, null, LEDGER_ROWS * 2).entries().stream()
                .filter(e -> program.definition(e.definitionId()).map(d -> d.purpose() == Purpose.SPENDABLE).orElse(false))
                .limit(LEDGER_ROWS).toList());
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
