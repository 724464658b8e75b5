package dev.laurel.api;

import dev.laurel.programs.Caller;
import dev.laurel.programs.Scope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Set;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Checks the caller's scopes against the endpoint's {@link Access} (admin when it has none): 403 otherwise. */
@Component
class AccessInterceptor implements HandlerInterceptor {

    private final ProblemWriter problems;

    AccessInterceptor(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        Caller caller = (Caller) request.getAttribute(ApiKeyFilter.CALLER);
        if (caller == null || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        Set<Scope> allowed = allowed(method);
        if (caller.scopes().stream().anyMatch(allowed::contains)) {
            return true;
        }
        problems.write(request, response, Problems.of(403, "insufficient-scope", "Forbidden",
                "This key's scopes " + caller.scopes().stream().map(Scope::wire).sorted().toList()
                        + " do not include " + allowed.stream().map(Scope::wire).sorted().toList() + "."));
        return false;
    }

    private static Set<Scope> allowed(HandlerMethod method) {
        Access access = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), Access.class);
        if (access == null) {
            access = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Access.class);
        }
        return access == null ? Set.of(Scope.ADMIN) : Set.copyOf(Arrays.asList(access.value()));
    }
}
