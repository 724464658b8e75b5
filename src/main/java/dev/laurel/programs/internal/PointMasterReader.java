package dev.laurel.programs.internal;

import static dev.laurel.programs.ProgramDocuments.ENCRYPTION_KEY_LENGTH;
import static dev.laurel.programs.ProgramDocuments.KEY_SECRET_LENGTH_MIN;

import dev.laurel.programs.Program.AdjustmentsWebhook;
import dev.laurel.programs.Program.PointMaster;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code pointMaster} section: absolute http(s) URLs, the history URL with {@code {contactId}},
 * an encryption key of exactly 32 bytes, and a signing secret long enough once its placeholder is read.
 */
final class PointMasterReader {

    private static final String CONTACT_ID = "{contactId}";

    private PointMasterReader() {}

    static PointMaster read(Fields master) {
        if (master == null) {
            return null;
        }
        String historyUrl = url(master, "historyUrl");
        if (historyUrl != null && !historyUrl.contains(CONTACT_ID)) {
            master.error("historyUrl", "must contain {contactId}, where the member's id goes");
        }
        Fields hook = master.object("adjustmentsWebhook");
        return new PointMaster(historyUrl, hook == null ? null : webhook(hook));
    }

    private static AdjustmentsWebhook webhook(Fields hook) {
        String url = url(hook, "url");
        String key = hook.text("encryptionKey");
        int keyBytes = key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
        if (key != null && keyBytes != ENCRYPTION_KEY_LENGTH) {
            hook.error("encryptionKey", "must be exactly " + ENCRYPTION_KEY_LENGTH
                    + " ASCII characters (its bytes are the AES-256 key), was " + keyBytes + " bytes");
        }
        String signing = hook.text("signingSecret");
        if (signing != null && signing.length() < KEY_SECRET_LENGTH_MIN) {
            hook.error("signingSecret", "must be at least " + KEY_SECRET_LENGTH_MIN + " characters");
        }
        return new AdjustmentsWebhook(url, key, signing);
    }

    private static String url(Fields fields, String name) {
        String text = fields.text(name);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text.replace(CONTACT_ID, "contact"));
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException notAUri) {
            // said below, as for a URI that is not an http(s) URL with a host
        }
        fields.error(name, "must be an absolute http or https URL (was '" + text + "')");
        return null;
    }
}
