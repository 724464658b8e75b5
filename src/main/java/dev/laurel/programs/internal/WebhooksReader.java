package dev.laurel.programs.internal;

import static dev.laurel.programs.ProgramDocuments.KEY_SECRET_LENGTH_MIN;

import dev.laurel.programs.Program.Subscription;
import dev.laurel.programs.Program.Webhooks;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code webhooks} section: each subscription's URL an absolute http(s) URL used once in the program, its secret
 * a Standard Webhooks {@code whsec_} secret of 24 to 64 bytes or at least 16 characters.
 */
final class WebhooksReader {

    static final String WHSEC_PREFIX = "whsec_";
    static final int WHSEC_BYTES_MIN = 24;
    static final int WHSEC_BYTES_MAX = 64;

    private WebhooksReader() {}

    static Webhooks read(Fields webhooks) {
        if (webhooks == null) {
            return null;
        }
        List<Subscription> subscriptions = new ArrayList<>();
        Set<String> urls = new HashSet<>();
        for (Fields subscription : webhooks.objects("subscriptions")) {
            String url = url(subscription);
            if (url != null && !urls.add(url)) {
                subscription.error("url", "is the URL of another subscription of this program (one subscription per URL)");
            }
            subscriptions.add(new Subscription(url, secret(subscription), new LinkedHashSet<>(subscription.texts("events"))));
        }
        return new Webhooks(subscriptions);
    }

    private static String secret(Fields subscription) {
        String secret = subscription.text("secret");
        if (secret == null) {
            return null;
        }
        if (secret.startsWith(WHSEC_PREFIX)) {
            int bytes;
            try {
                bytes = Base64.getDecoder().decode(secret.substring(WHSEC_PREFIX.length())).length;
            } catch (IllegalArgumentException notBase64) {
                bytes = -1;
            }
            if (bytes < WHSEC_BYTES_MIN || bytes > WHSEC_BYTES_MAX) {
                subscription.error("secret", "after whsec_ must be Base64 of " + WHSEC_BYTES_MIN + " to " + WHSEC_BYTES_MAX + " bytes");
            }
        } else if (secret.length() < KEY_SECRET_LENGTH_MIN) {
            subscription.error("secret", "must be at least " + KEY_SECRET_LENGTH_MIN + " characters");
        }
        return secret;
    }

    private static String url(Fields subscription) {
        String text = subscription.text("url");
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException notAUri) {
            // said below, as for a URI that is not an http(s) URL with a host
        }
        subscription.error("url", "must be an absolute http or https URL (was '" + text + "')");
        return null;
    }
}
