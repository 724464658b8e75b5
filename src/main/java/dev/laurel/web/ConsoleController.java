package dev.laurel.web;

import dev.laurel.programs.Program;
import dev.laurel.programs.Programs;
import dev.laurel.redemption.CashOuts;
import dev.laurel.redemption.CodePool;
import dev.laurel.redemption.Rewards;
import dev.laurel.sync.BalanceSyncs;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The operator console's sign-in page, rewards catalogue, cash-out runs and balance imports (the member list is
 * {@link ConsoleMembersController}'s, the member card {@link MemberCardController}'s, operations
 * {@link ConsoleOperationsController}'s). Every read goes through the modules, scoped to the signed-in operator's program.
 */
@Controller
class ConsoleController {

    static final int CARD_ROWS = 50;

    private final Programs programs;
    private final BalanceSyncs balances;
    private final Rewards rewards;
    private final CashOuts cashOuts;

    ConsoleController(Programs programs, BalanceSyncs balances, Rewards rewards, CashOuts cashOuts) {
        this.programs = programs;
        this.balances = balances;
        this.rewards = rewards;
        this.cashOuts = cashOuts;
    }

    @GetMapping("/console/login")
    String login() {
        return "console/login";
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

    @GetMapping("/console/imports/{id}")
    String importStatus(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, Model model) {
        model.addAttribute("operator", operator);
        model.addAttribute("program", programs.get(operator.programId()));
        model.addAttribute("balanceImport", balances.status(operator.programId(), id));
        return "console/import";
    }
}
