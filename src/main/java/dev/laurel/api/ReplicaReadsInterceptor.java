package dev.laurel.api;

import dev.laurel.platform.ReplicaReads;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Lets a request to an endpoint marked {@link ReplicaReads.Allowed} read from the replica, from its handler to the end
 * of its rendering; not a page that carries the notice of a write just made (a redirect after a form, which must show
 * that write).
 */
@Component
class ReplicaReadsInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        ReplicaReads.end();
        if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(ReplicaReads.Allowed.class)
                && "GET".equals(request.getMethod()) && !afterAWrite(request)) {
            ReplicaReads.begin();
        }
        return true;
    }

    private static boolean afterAWrite(HttpServletRequest request) {
        Map<String, ?> flash = RequestContextUtils.getInputFlashMap(request);
        return flash != null && !flash.isEmpty();
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        ReplicaReads.end();
    }
}
