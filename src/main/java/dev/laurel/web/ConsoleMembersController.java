package dev.laurel.web;

import dev.laurel.members.MemberDirectory;
import dev.laurel.platform.Problem;
import dev.laurel.programs.Programs;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's first page: the program's members newest first, or those whose email, name or external id starts
 * with what the operator typed ({@link MemberDirectory}), a page at a time, each linked to their card.
 */
@Controller
class ConsoleMembersController {

    private final Programs programs;
    private final MemberDirectory directory;

    ConsoleMembersController(Programs programs, MemberDirectory directory) {
        this.programs = programs;
        this.directory = directory;
    }

    @GetMapping({"/console", "/console/"})
    String list(@AuthenticationPrincipal Operator operator, @RequestParam(required = false) String q,
            @RequestParam(required = false) String after, Model model) {
        model.addAttribute("operator", operator);
        model.addAttribute("program", programs.get(operator.programId()));
        String prefix = q == null ? "" : q.strip();
        model.addAttribute("q", prefix);
        model.addAttribute("searching", !prefix.isEmpty());
        model.addAttribute("paged", after != null && !after.isBlank());
        model.addAttribute("prefixMax", MemberDirectory.PREFIX_CHARS_MAX);
        if (prefix.length() > MemberDirectory.PREFIX_CHARS_MAX) {
            model.addAttribute("error", "ops.members.tooLong");
            model.addAttribute("members", List.of());
            return "console/search";
        }
        try {
            MemberDirectory.Page page = directory.list(operator.programId(), prefix, after, MemberDirectory.PAGE_ROWS_DEFAULT);
            model.addAttribute("members", page.members());
            model.addAttribute("next", page.next());
        } catch (Problem p) {
            model.addAttribute("error", "ops.members.badRequest");
            model.addAttribute("members", List.of());
        }
        return "console/search";
    }
}
