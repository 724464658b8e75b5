package dev.laurel.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first look at every request, before any other filter decides anything on it: a path that cannot be
 * routed unambiguously ({@link RoutedPath}) is 400 {@code invalid-path}; otherwise its routed path is kept
 * for every later decision.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class RequestShapeFilter extends OncePerRequestFilter {

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
        chain.doFilter(request, response);
    }
}
