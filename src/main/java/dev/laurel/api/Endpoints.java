package dev.laurel.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.RequestPath;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The endpoint a request will reach, asked before Spring MVC routes it, by a filter that must apply the
 * endpoint's rules first (the idempotency filter checks scopes before it replays a stored answer).
 */
@Component
class Endpoints {

    private final ApplicationContext context;
    private volatile RequestMappingHandlerMapping mapping;

    Endpoints(ApplicationContext context) {
        this.context = context;
    }

    /** The controller method Spring MVC would route this request to; empty when none (or no single one) matches. */
    Optional<HandlerMethod> of(HttpServletRequest request) {
        RequestPath previous = ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request) : null;
        ServletRequestPathUtils.parseAndCache(request);
        try {
            HandlerExecutionChain chain = mapping().getHandler(request);
            return chain != null && chain.getHandler() instanceof HandlerMethod method ? Optional.of(method) : Optional.empty();
        } catch (Exception noSingleEndpoint) {
            // A wrong method or media type: Spring MVC will answer it with its own problem.
            return Optional.empty();
        } finally {
            ServletRequestPathUtils.setParsedRequestPath(previous, request);
        }
    }

    private RequestMappingHandlerMapping mapping() {
        if (mapping == null) {
            mapping = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        }
        return mapping;
    }
}
