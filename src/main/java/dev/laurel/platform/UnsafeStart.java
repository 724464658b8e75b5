package dev.laurel.platform;

/** Start-up stops: the settings would run Laurel unsafely (here, in production); the message says what to set. */
public final class UnsafeStart extends RuntimeException {

    public UnsafeStart(String whatToSet) {
        super(whatToSet);
    }
}
