package dev.laurel.api;

import dev.laurel.programs.Caller;
import dev.laurel.programs.Scope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks the caller's scopes against the endpoint's {@link Access} (admin when it has none): 403 otherwise.
 * It looks at every request Spring MVC routes to an API endpoint (a handler of the dialect packages), however
 * its path was spelled, and one that arrives without an authenticated caller is 401 unless the endpoint is
 * {@link OpenAccess}: if the key filter and the router ever disagree on a path, the call is refused, not let in.
 */
@Component
class AccessInterceptor implements HandlerInterceptor {

    private static final String API_PACKAGE = AccessInterceptor.class.getPackageName() + ".";

    private final ProblemWriter problems;

    AccessInterceptor(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (!(handler instanceof HandlerMethod method) || !method.getBeanType().getPackageName().startsWith(API_PACKAGE)) {
            return true;
        }
        Caller caller = (Caller) request.getAttribute(ApiKeyFilter.CALLER);
        if (caller == null) {
            if (method.hasMethodAnnotation(OpenAccess.class)) {
                return true;
            }
            ApiKeyFilter.unauthorized(request, response, problems, "missing-api-key", ApiKeyFilter.MISSING_KEY);
            return false;
        }
        Optional<ProblemDetail> refusal = refusal(caller, method);
        if (refusal.isEmpty()) {
            return true;
        }
        problems.write(request, response, refusal.get());
        return false;
    }

    /** The 403 for a caller whose scopes do not include one the endpoint allows; empty when they do. */
    static Optional<ProblemDetail> refusal(Caller caller, HandlerMethod method) {
        Set<Scope> allowed = allowed(method);
        if (caller.scopes().stream().anyMatch(allowed::contains)) {
            return Optional.empty();
        }
        return Optional.of(Problems.of(403, "insufficient-scope", "Forbidden",
                "This key's scopes " + caller.scopes().stream().map(Scope::wire).sorted().toList()
                        + " do not include " + allowed.stream().map(Scope::wire).sorted().toList() + "."));
    }

    private static Set<Scope> allowed(HandlerMethod method) {
        Access access = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), Access.class);
        if (access == null) {
            access = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Access.class);
        }
        return access == null ? Set.of(Scope.ADMIN) : Set.copyOf(Arrays.asList(access.value()));
    }
}
