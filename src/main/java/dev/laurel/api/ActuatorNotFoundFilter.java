package dev.laurel.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Actuator endpoints answer what they do not have (a health group such as {@code /actuator/health/READINESS}) with
 * a bare 404 and no body; like every other 404, that becomes a {@code not-found} problem. Other answers pass as
 * they are.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ActuatorNotFoundFilter extends OncePerRequestFilter {

    static final String PREFIX = "/actuator/";

    private final ProblemWriter problems;

    ActuatorNotFoundFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RoutedPath.of(request).startsWith(PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, held);
        if (held.getStatus() == 404 && held.getContentSize() == 0 && !response.isCommitted()) {
            response.reset();
            problems.write(request, response, Problems.of(404, "not-found", "Not found",
                    "No resource at " + RoutedPath.of(request) + "."));
            return;
        }
        held.copyBodyToResponse();
    }
}
