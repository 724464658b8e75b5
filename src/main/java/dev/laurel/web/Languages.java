package dev.laurel.web;

import dev.laurel.programs.Program;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The language a page is written in: the first of the browser's {@code Accept-Language} ranges that Laurel has
 * (English, Swedish, Spanish), else the program's {@code locale} (English when it names none). A page that knows
 * its program calls {@link #choose}; Spring's message lookups ({@code #{...}} in the templates) then use that choice.
 */
@Component("localeResolver")
public class Languages implements LocaleResolver {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("sv"), Locale.forLanguageTag("es"));
    private static final String CHOSEN = Languages.class.getName() + ".chosen";
    /** A header longer than this is not parsed (the browser default is well under 100 characters). */
    private static final int HEADER_MAX = 500;

    /** The page's language for {@code program}'s member or operator, remembered for the rest of the request. */
    public Locale choose(HttpServletRequest request, Program program) {
        Locale locale = fromBrowser(request).orElse(program.locale());
        request.setAttribute(CHOSEN, locale);
        return locale;
    }

    /** The page's formats: dates and numbers in the chosen language, times in the program's zone. */
    public Formats formats(HttpServletRequest request, Program program) {
        return new Formats(choose(request, program), program.timezone());
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        if (request.getAttribute(CHOSEN) instanceof Locale chosen) {
            return chosen;
        }
        return fromBrowser(request).orElse(Locale.ENGLISH);
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        throw new UnsupportedOperationException("the language follows the browser and the program");
    }

    static Optional<Locale> fromBrowser(HttpServletRequest request) {
        String header = request.getHeader("Accept-Language");
        if (header == null || header.isBlank() || header.length() > HEADER_MAX) {
            return Optional.empty();
        }
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
            return Optional.ofNullable(Locale.lookup(ranges, SUPPORTED)).map(l -> Locale.forLanguageTag(l.getLanguage()));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
