package dev.laurel.programs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values the bundled sample programs get for their {@code ${NAME}}s when the environment does
 * not set them and {@code LAUREL_PROFILE} is not {@code production}. They are printed in the README
 * and the start-up log: public, and refused in production.
 */
public final class DevelopmentKeys {

    private static final Map<String, String> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("ACME_API_KEY", "dev-acme-admin-key");
        VALUES.put("ACME_PARTNER_KEY", "dev-acme-partner-key");
        VALUES.put("POINTFOLLOWER_API_KEY", "dev-pointfollower-admin-key");
        VALUES.put("CAFE_API_KEY", "dev-cafe-admin-key");
        VALUES.put("CAFE_PARTNER_KEY", "dev-cafe-partner-key");
        VALUES.put("POINT_MASTER_URL", "http://127.0.0.1:8089");
        VALUES.put("POINT_MASTER_KEY", "dev-point-master-key-32-chars-ok");
        VALUES.put("POINT_MASTER_SIGNING_SECRET", "dev-point-master-signing-secret");
    }

    private DevelopmentKeys() {}

    public static Optional<String> value(String name) {
        return Optional.ofNullable(VALUES.get(name));
    }

    public static boolean isDevelopmentValue(String value) {
        return VALUES.containsValue(value) && !value.startsWith("http");
    }
}
