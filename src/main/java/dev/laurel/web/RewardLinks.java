package dev.laurel.web;

import dev.laurel.platform.CanonicalUuid;
import dev.laurel.platform.Sql;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signed, expiring links to a member's rewards page: {@code program.member.expiry} and an HMAC-SHA256
 * of it under the program's own link key (kept in the database, so every node signs and checks alike).
 */
@Component
class RewardLinks {

    static final Duration VALID_FOR = Duration.ofDays(7);
    /** Longer than any token this class makes: a longer one is refused before it is decoded. */
    static final int TOKEN_CHARS_MAX = 600;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;

    RewardLinks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record Target(String programId, UUID memberId, Instant expiresAt) {}

    String create(String programId, UUID memberId) {
        Instant expires = clock.instant().plus(VALID_FOR);
        String body = programId + "." + memberId + "." + expires.getEpochSecond();
        return encode(body.getBytes(StandardCharsets.UTF_8)) + "." + encode(sign(programId, body));
    }

    /** The program and member a token names, if it is genuine and not expired. */
    Optional<Target> open(String token) {
        int dot = token.lastIndexOf('.');
        if (dot <= 0 || token.length() > TOKEN_CHARS_MAX) {
            return Optional.empty();
        }
        try {
            String body = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            String[] parts = body.split("\\.");
            if (parts.length != 3) {
                return Optional.empty();
            }
            byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            Optional<byte[]> key = key(parts[0], false);
            if (key.isEmpty() || !MessageDigest.isEqual(given, hmac(key.get(), body))) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
            if (!clock.instant().isBefore(expires)) {
                return Optional.empty();
            }
            return Optional.of(new Target(parts[0], CanonicalUuid.parse(parts[1]), expires));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String programId, String body) {
        return hmac(key(programId, true).orElseThrow(), body);
    }

    private Optional<byte[]> key(String programId, boolean create) {
        if (create) {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            jdbc.sql("insert into reward_link_keys (program_id, key, created_at) values (:p, :k, :at) on conflict do nothing")
                    .param("p", programId).param("k", fresh).param("at", Sql.ts(clock.instant())).update();
        }
        return jdbc.sql("select key from reward_link_keys where program_id = :p").param("p", programId).query(byte[].class).optional();
    }

    private static byte[] hmac(byte[] key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
