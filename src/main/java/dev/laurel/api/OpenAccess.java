package dev.laurel.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An API endpoint anyone may call without a key (the program schema, which editors fetch). {@link ApiKeyFilter}
 * lets its path through; {@link AccessInterceptor} answers 401 for any other API endpoint reached without a key,
 * so the two must agree for an endpoint to be open at all.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface OpenAccess {}
