package dev.laurel.web;

import dev.laurel.members.Identifier;
import dev.laurel.members.Member;
import dev.laurel.members.MemberQuery;
import dev.laurel.members.Members;
import dev.laurel.platform.Problem;
import dev.laurel.programs.Program;
import dev.laurel.programs.Programs;
import dev.laurel.redemption.CashOuts;
import dev.laurel.redemption.CodePool;
import dev.laurel.redemption.Rewards;
import dev.laurel.sync.BalanceSyncs;
import dev.laurel.webhooks.Outbox;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator console: member search, the rewards catalogue, cash-out runs and operations (the member card is
 * {@link MemberCardController}'s). Every read goes through the modules, scoped to the signed-in operator's program.
 */
@Controller
class ConsoleController {

    static final int CARD_ROWS = 50;

    private final Programs programs;
    private final Members members;
    private final Outbox outbox;
    private final BalanceSyncs balances;
    private final Rewards rewards;
    private final CashOuts cashOuts;

    ConsoleController(Programs programs, Members members, Outbox outbox, BalanceSyncs balances, Rewards rewards, CashOuts cashOuts) {
        this.programs = programs;
        this.members = members;
        this.outbox = outbox;
        this.balances = balances;
        this.rewards = rewards;
        this.cashOuts = cashOuts;
    }

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
