package dev.laurel.web;

import dev.laurel.programs.Programs;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every signed-in console page needs before its handler runs: the page's language, chosen for the operator's
 * program ({@link Languages#choose}), and {@code fmt}, its dates and numbers in that language and the program's zone.
 * The sign-in page has no program yet: its language is the browser's ({@link Languages#resolveLocale}).
 */
@ControllerAdvice(assignableTypes = {ConsoleController.class, ConsoleMembersController.class, ConsoleOperationsController.class})
class ConsolePages {

    private final Programs programs;
    private final Languages languages;

    ConsolePages(Programs programs, Languages languages) {
        this.programs = programs;
        this.languages = languages;
    }

    @ModelAttribute
    void language(HttpServletRequest request, @AuthenticationPrincipal Operator operator, Model model) {
        if (operator != null) {
            model.addAttribute("fmt", languages.formats(request, programs.get(operator.programId())));
        }
    }
}
