package dev.laurel.api;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires authentication and scope checks into Spring MVC. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final AccessInterceptor access;
    private final ReplicaReadsInterceptor replicaReads;

    WebConfiguration(AccessInterceptor access, ReplicaReadsInterceptor replicaReads) {
        this.access = access;
        this.replicaReads = replicaReads;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Every path: the interceptor itself decides by the endpoint a request reached, not by how its path was spelled.
        registry.addInterceptor(access);
        registry.addInterceptor(replicaReads);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerResolver());
    }
}
