package dev.laurel.api;

import dev.laurel.programs.Caller;
import dev.laurel.programs.Programs;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Authenticates every API call by its key: {@code apikey: <key>}, {@code Authorization: Bearer <key>},
 * or, on SessionM-style {@code /priv/} paths, {@code Authorization: Basic} with the key as password.
 * Missing or unknown key: 401. Scopes are checked per endpoint by {@link AccessInterceptor}. Only
 * {@code GET /v1/programs/schema} is open to anyone. Every path here is the routed one ({@link RoutedPath}),
 * so a call is an API call however its path is spelled.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ApiKeyFilter extends OncePerRequestFilter {

    static final String CALLER = ApiKeyFilter.class.getName() + ".caller";
    static final String MISSING_KEY = "Send your API key as 'apikey: <key>' or 'Authorization: Bearer <key>'.";
    private static final List<String> API_PREFIXES = List.of("/v1/", "/api/", "/priv/", "/loyalty/");
    /** The one API call open without a key: the program document's JSON Schema, which editors fetch. */
    private static final PathPattern PROGRAM_SCHEMA = PathPatternParser.defaultInstance.parse("/v1/programs/schema");

    private final Programs programs;
    private final ProblemWriter problems;

    ApiKeyFilter(Programs programs, ProblemWriter problems) {
        this.programs = programs;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = RoutedPath.of(request);
        return API_PREFIXES.stream().noneMatch(path::startsWith) || isProgramSchema(request, path);
    }

    /**
     * A GET of exactly the schema's path, matched on the routed path with the pattern parser Spring MVC
     * routes with: whatever reaches another endpoint needs a key.
     */
    private static boolean isProgramSchema(HttpServletRequest request, String path) {
        return "GET".equals(request.getMethod()) && PROGRAM_SCHEMA.matches(PathContainer.parsePath(path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> key = key(request);
        if (key.isEmpty()) {
            unauthorized(request, response, "missing-api-key", MISSING_KEY);
            return;
        }
        Optional<Caller> caller = programs.authenticate(key.get());
        if (caller.isEmpty()) {
            unauthorized(request, response, "invalid-api-key", "The API key is not valid.");
            return;
        }
        request.setAttribute(CALLER, caller.get());
        chain.doFilter(request, response);
    }

    private static Optional<String> key(HttpServletRequest request) {
        String apikey = request.getHeader("apikey");
        if (apikey != null && !apikey.isBlank()) {
            return Optional.of(apikey.trim());
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return Optional.empty();
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).trim()).filter(k -> !k.isEmpty());
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6) && RoutedPath.of(request).startsWith(SessionmErrors.PREFIX)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return Optional.of(colon < 0 ? decoded : decoded.substring(colon + 1)).filter(k -> !k.isEmpty());
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void unauthorized(HttpServletRequest request, HttpServletResponse response, String code, String detail)
            throws IOException {
        unauthorized(request, response, problems, code, detail);
    }

    /** 401 with the scheme the path takes: Basic on SessionM's {@code /priv/} paths, Bearer elsewhere. */
    static void unauthorized(HttpServletRequest request, HttpServletResponse response, ProblemWriter problems, String code,
            String detail) throws IOException {
        response.setHeader("WWW-Authenticate", RoutedPath.of(request).startsWith(SessionmErrors.PREFIX)
                ? "Basic realm=\"laurel\"" : "Bearer realm=\"laurel\"");
        problems.write(request, response, Problems.of(401, code, "Unauthorized", detail));
    }
}
