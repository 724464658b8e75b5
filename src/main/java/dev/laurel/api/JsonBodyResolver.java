package dev.laurel.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.InvalidDefinitionException;

/**
 * A {@code @RequestBody JsonNode} sent as plain {@code application/json}, read straight from the request with the
 * mapper Spring's converter uses, and failing with the exceptions that converter raises (so every answer to a bad body
 * is the same). Spring's general way (choosing a converter for the media type, a body advice chain, a data binder per
 * argument) cost about a tenth of a partner award's CPU; any other content type, or a charset named, still goes that
 * way, which also answers what is not JSON with 415.
 */
final class JsonBodyResolver implements HandlerMethodArgumentResolver {

    private final HandlerMethodArgumentResolver standard;
    private final ObjectReader reader;
    /** How many bodies it has read (for tests: that plain JSON bodies do come this way). */
    private final AtomicLong read = new AtomicLong();

    JsonBodyResolver(HandlerMethodArgumentResolver standard, ObjectReader reader) {
        this.standard = standard;
        this.reader = reader;
    }

    /**
     * A {@code @RequestBody JsonNode} with no other annotation: one asking for validation or a JSON view goes Spring's
     * way, which does those.
     */
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == JsonNode.class && parameter.hasParameterAnnotation(RequestBody.class)
                && parameter.getParameterAnnotations().length == 1;
    }

    long bodiesRead() {
        return read.get();
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binders) throws Exception {
        HttpServletRequest servlet = request.getNativeRequest(HttpServletRequest.class);
        RequestBody annotation = parameter.getParameterAnnotation(RequestBody.class);
        if (servlet == null || annotation == null || !annotation.required()
                || !MediaType.APPLICATION_JSON_VALUE.equalsIgnoreCase(servlet.getContentType())) {
            return standard.resolveArgument(parameter, mav, request, binders);
        }
        PushbackInputStream body;
        try {
            // Not closed: the container owns the request's stream, as in Spring's own reading.
            body = new PushbackInputStream(StreamUtils.nonClosing(servlet.getInputStream()), 1);
            int first = body.read();
            if (first == -1) {
                throw new HttpMessageNotReadableException("Required request body is missing: "
                        + parameter.getExecutable().toGenericString(), new ServletServerHttpRequest(servlet));
            }
            body.unread(first);
        } catch (IOException e) {
            throw new HttpMessageNotReadableException("I/O error while reading input message", e, new ServletServerHttpRequest(servlet));
        }
        read.incrementAndGet();
        try {
            return reader.readValue(body);
        } catch (InvalidDefinitionException e) {
            throw new HttpMessageConversionException("Type definition error: " + e.getType(), e);
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e, new ServletServerHttpRequest(servlet));
        }
    }

    /** Puts the resolver first in Spring MVC's list, when the converter Spring would use for JSON bodies is Jackson's. */
    @Component
    static class Installer implements BeanPostProcessor {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!(bean instanceof RequestMappingHandlerAdapter adapter) || adapter.getArgumentResolvers() == null) {
                return bean;
            }
            HandlerMethodArgumentResolver standard = adapter.getArgumentResolvers().stream()
                    .filter(r -> r instanceof RequestResponseBodyMethodProcessor).findFirst().orElse(null);
            AbstractJacksonHttpMessageConverter<?> jackson = null;
            for (HttpMessageConverter<?> converter : adapter.getMessageConverters()) {
                if (converter.canRead(JsonNode.class, MediaType.APPLICATION_JSON)) {
                    jackson = converter instanceof AbstractJacksonHttpMessageConverter<?> j ? j : null;
                    break;
                }
            }
            if (standard == null || jackson == null) {
                return bean;
            }
            List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
            resolvers.add(new JsonBodyResolver(standard, jackson.getMapper().readerFor(JsonNode.class)));
            resolvers.addAll(adapter.getArgumentResolvers());
            adapter.setArgumentResolvers(resolvers);
            return bean;
        }
    }
}
