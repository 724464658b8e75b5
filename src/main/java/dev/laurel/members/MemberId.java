package dev.laurel.members;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** A member's id: a UUID, chosen by Laurel or by the client (for migrations). */
public record MemberId(UUID value) {

    public MemberId {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator
    public static MemberId of(UUID value) {
        return new MemberId(value);
    }

    public static MemberId random() {
        return new MemberId(UUID.randomUUID());
    }

    @JsonValue
    public UUID value() {
        return value;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
