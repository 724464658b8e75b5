package dev.laurel.web;

import dev.laurel.platform.Problem;
import dev.laurel.programs.Program;
import dev.laurel.programs.Programs;
import dev.laurel.sync.BalanceSyncs;
import dev.laurel.webhooks.Outbox;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

/**
 * The console's Operations page: the operator audit log ({@link OperatorActions}: who did what, when, on which
 * member; newest first, paged, filtered by operator and by member), balance imports, webhook deliveries (each can be
 * sent again) and the program's revisions.
 */
@Controller
class ConsoleOperationsController {

    /** Imports, deliveries and revisions shown, newest first. */
    static final int ROWS = 50;
    /** A {name} placeholder in an audit line's message. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.-]{0,63})}");
    /** Details whose whole-number value is a number of points, written signed in the reader's language. */
    private static final List<String> POINTS = List.of("amount", "points");

    private final Programs programs;
    private final OperatorActions actions;
    private final BalanceSyncs balances;
    private final Outbox outbox;
    private final Languages languages;
    private final MessageSource messages;

    ConsoleOperationsController(Programs programs, OperatorActions actions, BalanceSyncs balances, Outbox outbox, Languages languages,
            MessageSource messages) {
        this.programs = programs;
        this.actions = actions;
        this.balances = balances;
        this.outbox = outbox;
        this.languages = languages;
        this.messages = messages;
    }

    /** One line of the audit log as the page shows it. */
    record Line(OperatorActions.Recorded action, String text) {}

    @GetMapping("/console/operations")
    String operations(@AuthenticationPrincipal Operator operator, @RequestParam(name = "operator", required = false) String operatorFilter,
            @RequestParam(required = false) String member, @RequestParam(required = false) String after, HttpServletRequest request,
            Model model) {
        Program program = programs.get(operator.programId());
        Formats fmt = languages.formats(request, program);
        String byOperator = blank(operatorFilter);
        String byMember = blank(member);
        model.addAttribute("operator", operator);
        model.addAttribute("program", program);
        model.addAttribute("fmt", fmt);
        model.addAttribute("operatorFilter", byOperator);
        model.addAttribute("memberFilter", byMember);
        model.addAttribute("paged", blank(after) != null);
        List<Line> lines = List.of();
        String next = null;
        String error = null;
        UUID memberId = null;
        if (byMember != null) {
            try {
                memberId = UUID.fromString(byMember);
            } catch (IllegalArgumentException e) {
                error = "ops.audit.badMember";
            }
        }
        if (byOperator != null && byOperator.length() > OperatorActions.FILTER_CHARS_MAX) {
            error = "ops.audit.badOperator";
        }
        if (error == null) {
            try {
                OperatorActions.Page page = actions.page(program.id(), byOperator, memberId, blank(after));
                lines = page.actions().stream().map(a -> new Line(a, line(a, fmt))).toList();
                next = page.next();
            } catch (Problem p) {
                error = "ops.audit.badCursor";
            }
        }
        model.addAttribute("lines", lines);
        model.addAttribute("next", next);
        model.addAttribute("auditError", error);
        model.addAttribute("imports", balances.recent(program.id(), ROWS));
        model.addAttribute("deliveries", outbox.list(program.id(), null, null, ROWS));
        model.addAttribute("revisions", programs.revisions(program.id(), ROWS));
        return "console/operations";
    }

    @PostMapping("/console/webhooks/{id}/redeliver")
    @ConsoleAction("webhook.redelivered")
    String redeliver(@AuthenticationPrincipal Operator operator, @PathVariable UUID id, HttpServletRequest request,
            RedirectAttributes redirect) {
        outbox.redeliver(operator.programId(), id);
        Locale locale = languages.choose(request, programs.get(operator.programId()));
        redirect.addFlashAttribute("notice", messages.getMessage("ops.operations.redelivered", new Object[] {id.toString()}, locale));
        return "redirect:/console/operations";
    }

    /**
     * The action as a sentence in the reader's language: the {@code ops.audit.line.<action>} message (else
     * {@code ops.audit.line.other}) with {@code {operator}}, {@code {action}}, {@code {details}} and each detail by its
     * name put in; a number of points is written signed ("+500").
     */
    String line(OperatorActions.Recorded a, Formats fmt) {
        String template = messages.getMessage("ops.audit.line." + a.action(), null, null, fmt.locale());
        if (template == null) {
            template = messages.getMessage("ops.audit.line.other", null, fmt.locale());
        }
        Map<String, String> details = a.details();
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = switch (name) {
                case "operator" -> a.operatorName();
                case "action" -> a.action();
                case "details" -> details.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", "));
                default -> POINTS.contains(name) ? points(details.get(name), fmt) : details.getOrDefault(name, "");
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String points(String value, Formats fmt) {
        if (value == null) {
            return "";
        }
        try {
            long points = Long.parseLong(value.strip());
            return (points > 0 ? "+" : "") + fmt.number(points);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
