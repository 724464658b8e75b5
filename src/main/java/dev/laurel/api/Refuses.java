package dev.laurel.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems an endpoint answers besides those every endpoint may (bad input, no key, rate limit, database down),
 * each as its status and codes: {@code "409 insufficient-points follower-definition"}. The OpenAPI document lists
 * them as the operation's responses ({@link OpenApiConfiguration}), in the problem+json shape.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Refuses {
    String[] value();
}
