package dev.laurel.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Where a request's reads may go. An endpoint marked {@link Allowed} (read-heavy, and fine with data a moment old) reads
 * from the read-only data source ({@code LAUREL_DB_READ_URL}, a hot standby) when there is one; everything else, and
 * every transaction, uses the primary. Once a request has begun a transaction it reads from the primary to its end,
 * so it always sees its own write.
 */
public final class ReplicaReads {

    /** Marks a handler method whose reads may come from the replica. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Allowed {}

    private static final ThreadLocal<Boolean> ALLOWED = new ThreadLocal<>();

    private ReplicaReads() {}

    /** From now until {@link #end()}, this thread's reads outside a transaction may go to the replica. */
    public static void begin() {
        ALLOWED.set(Boolean.TRUE);
    }

    /** Back to the primary for everything on this thread. */
    public static void end() {
        ALLOWED.remove();
    }

    /** Whether this thread's next connection may be the replica's. */
    static boolean allowed() {
        return ALLOWED.get() != null;
    }
}
