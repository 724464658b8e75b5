package dev.laurel.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Records every console POST in the operator audit log ({@link OperatorActions}) once its handler has completed
 * without an exception and the answer is not an error (below 400: a redirect back to the page is the usual answer).
 * A handler that catches a problem and redirects with it as the {@code problem} flash attribute is recorded as refused,
 * with that problem. What is recorded:
 * <ul>
 * <li>the action: the handler's {@link ConsoleAction}, else the handler method's name;
 * <li>the member: the path variable {@code memberId}, else {@code id} on a {@code /console/members/{id}...} path;
 * <li>the details: the other path variables, then the request's parameters without the CSRF token and anything named
 * like a password, secret or token, a few and each cut short ({@link OperatorActions#DETAILS_MAX}).
 * </ul>
 * Signing in and out are recorded by {@link WebSecurityConfiguration}'s handlers.
 *
 * <p>The record is written after the handler's own transaction committed, so an action is never undone by its record;
 * a record that cannot be written is logged by Spring MVC as an error.
 */
@Component
class OperatorActionRecorder implements HandlerInterceptor {

    static final String MEMBERS_PATH = "/console/members/{id}";

    private final OperatorActions actions;

    OperatorActionRecorder(OperatorActions actions) {
        this.actions = actions;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (ex != null || response.getStatus() >= 400 || !"POST".equals(request.getMethod()) || !(handler instanceof HandlerMethod method)) {
            return;
        }
        Operator operator = signedIn(request.getUserPrincipal());
        String pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String p ? p : "";
        if (operator == null || !pattern.startsWith("/console/")) {
            return;
        }
        ConsoleAction named = method.getMethodAnnotation(ConsoleAction.class);
        String action = named != null ? named.value() : method.getMethod().getName();
        Map<String, String> variables = new LinkedHashMap<>();
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars) {
            vars.forEach((k, v) -> variables.put(String.valueOf(k), String.valueOf(v)));
        }
        String memberVariable = variables.containsKey("memberId") ? "memberId"
                : pattern.startsWith(MEMBERS_PATH) && variables.containsKey("id") ? "id" : null;
        UUID member = memberVariable == null ? null : uuid(variables.remove(memberVariable));
        Map<String, String> details = new LinkedHashMap<>(variables);
        request.getParameterMap().forEach((name, values) -> {
            if (!secret(name) && !details.containsKey(name)) {
                details.put(name, String.join(", ", values));
            }
        });
        FlashMap flash = RequestContextUtils.getOutputFlashMap(request);
        String problem = flash.get("problem") instanceof String p ? p : null;
        actions.record(operator, action, member, details, problem);
    }

    static Operator signedIn(Principal principal) {
        return principal instanceof Authentication a && a.getPrincipal() instanceof Operator o ? o : null;
    }

    /** A parameter that is never recorded: the CSRF token, and anything named like a password, secret or token. */
    static boolean secret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("_csrf") || n.contains("password") || n.contains("secret") || n.contains("token");
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
