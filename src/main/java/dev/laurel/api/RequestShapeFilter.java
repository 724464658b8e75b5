package dev.laurel.api;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.StorableText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first look at every request, before any other filter decides anything on it: a path that cannot be
 * routed unambiguously ({@link RoutedPath}) is 400 {@code invalid-path}; otherwise its routed path is kept
 * for every later decision. Then its parameters (query, and a form body) are read once here, so that what
 * Tomcat cannot read (a {@code %} that does not decode, bytes that are not UTF-8, more than
 * {@link #PARAMETERS_MAX} parameters) is 400 {@code invalid-parameters} for every path, and a parameter
 * that holds text Laurel cannot store (NUL) is 400 {@code invalid-input} naming it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class RequestShapeFilter extends OncePerRequestFilter {

    /** Tomcat's {@code maxParameterCount}, query and form body together ({@code server.tomcat.max-parameter-count}). */
    static final int PARAMETERS_MAX = 1000;

    private final ProblemWriter problems;

    RequestShapeFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> refusal = RoutedPath.refusal(request);
        if (refusal.isPresent()) {
            problems.write(request, response, Problems.of(400, "invalid-path", "Invalid path",
                    "The request path " + refusal.get() + "."));
            return;
        }
        request.setAttribute(RoutedPath.ATTRIBUTE, RoutedPath.of(request));
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (IllegalStateException unreadable) {
            // Tomcat's InvalidParameterException: a malformed escape, text that is not UTF-8, or too many parameters.
            problems.write(request, response, Problems.of(400, "invalid-parameters", "Invalid parameters",
                    "The query string or form body cannot be read: a '%' escape that does not decode, text that is not "
                            + "UTF-8, or more than " + PARAMETERS_MAX + " parameters."));
            return;
        }
        Optional<FieldError> unstorable = unstorable(parameters);
        if (unstorable.isPresent()) {
            FieldError error = unstorable.get();
            problems.write(request, response, Problems.of(400, "invalid-input", "Invalid input",
                    error.field() + ": " + error.message(), List.of(error)));
            return;
        }
        chain.doFilter(request, response);
    }

    private static Optional<FieldError> unstorable(Map<String, String[]> parameters) {
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            Optional<String> problem = StorableText.problem(name);
            if (problem.isPresent()) {
                return Optional.of(new FieldError(StorableText.printable(name), "the parameter's name " + problem.get()));
            }
            for (String value : parameter.getValue()) {
                problem = StorableText.problem(value);
                if (problem.isPresent()) {
                    return Optional.of(new FieldError(name, problem.get()));
                }
            }
        }
        return Optional.empty();
    }
}
