package dev.laurel.web;

import dev.laurel.members.Identifier;
import dev.laurel.members.Member;
import dev.laurel.members.MemberDirectory;
import dev.laurel.members.MemberQuery;
import dev.laurel.members.Members;
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
 * with what the operator typed ({@link MemberDirectory}), a page at a time, each linked to their card; or, exactly, the
 * member with a mobile number or an identifier such as a loyalty card ({@link Members#search}).
 */
@Controller
class ConsoleMembersController {

    /** An exact match is one member, or a few sharing a mobile number. */
    static final int EXACT_ROWS = 25;

    private final Programs programs;
    private final MemberDirectory directory;
    private final Members members;

    ConsoleMembersController(Programs programs, MemberDirectory directory, Members members) {
        this.programs = programs;
        this.directory = directory;
        this.members = members;
    }

    @GetMapping({"/console", "/console/"})
    String list(@AuthenticationPrincipal Operator operator, @RequestParam(required = false) String q,
            @RequestParam(required = false) String after, @RequestParam(required = false) String mobileNumber,
            @RequestParam(required = false) String identifier, Model model) {
        model.addAttribute("operator", operator);
        model.addAttribute("program", programs.get(operator.programId()));
        model.addAttribute("exact", false);
        String mobile = blank(mobileNumber);
        String typed = blank(identifier);
        model.addAttribute("mobileNumber", mobile);
        model.addAttribute("identifier", typed);
        if (mobile != null || typed != null) {
            return exact(operator, mobile, typed, model);
        }
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

    /** The member with this mobile number and/or identifier ({@code type:value}, such as a loyalty card): an exact match. */
    private String exact(Operator operator, String mobile, String typed, Model model) {
        model.addAttribute("q", "");
        model.addAttribute("searching", false);
        model.addAttribute("exact", true);
        model.addAttribute("paged", false);
        model.addAttribute("members", List.of());
        Identifier wanted = null;
        if (typed != null) {
            int colon = typed.indexOf(':');
            if (colon <= 0) {
                model.addAttribute("error", "ops.members.badIdentifier");
                return "console/search";
            }
            wanted = new Identifier(typed.substring(0, colon).strip(), typed.substring(colon + 1).strip());
        }
        try {
            List<Member> found = members.search(operator.programId(), new MemberQuery(null, null, mobile, wanted, null, EXACT_ROWS)).items();
            model.addAttribute("members", found.stream().map(m -> new MemberDirectory.Listed(m.id().value(), m.firstName(), m.lastName(),
                    m.email(), m.externalId(), m.optedIn(), m.createdAt())).toList());
        } catch (Problem p) {
            model.addAttribute("error", "ops.members.badExact");
        }
        return "console/search";
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
