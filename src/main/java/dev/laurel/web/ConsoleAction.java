package dev.laurel.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names what a console POST handler does, as the operator audit log records it ({@link OperatorActionRecorder}):
 * {@code @ConsoleAction("points.adjusted")}. A console POST handler without it is recorded under its method's name.
 * The log's line for an action is the {@code ops.audit.line.<action>} message, whose {@code {name}} placeholders are the
 * operator's name ({@code {operator}}) and the action's details (the form's fields and the path's variables).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ConsoleAction {

    String value();
}
