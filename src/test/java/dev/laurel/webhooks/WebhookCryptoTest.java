package dev.laurel.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookCryptoTest {

    static final String KEY = "0123456789abcdef0123456789abcdef";
    /** The seed's automation payload, compact, in the seed's field order. */
    static final String AUTOMATION = "{\"ContactId\":\"1dfe06cd-a1be-4423-8ed4-afd900d998aa\",\"Amount\":40,\"Description\":\"Points awarded\","
            + "\"Source\":\"Automation\",\"PointDefinitionId\":1,\"Reason\":\"Voyado\",\"ProcessId\":\"d6342090-7410-4c00-aa4b-dbd394dac7e6\","
            + "\"WorkflowId\":\"44931e65-e188-46c4-92bd-50e4818fece2\",\"WorkflowName\":\"\"}";

    @Test
    void the_signature_matches_the_standard_webhooks_published_test_vector() {
        String signature = StandardWebhooks.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void a_secret_without_the_whsec_prefix_is_used_as_its_bytes() {
        assertThat(StandardWebhooks.key("plain-secret-0123456789")).isEqualTo("plain-secret-0123456789".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_seeds_278_byte_payload_encrypts_to_the_seeds_304_bytes_iv_first() throws Exception {
        assertThat(AUTOMATION.getBytes(StandardCharsets.UTF_8)).hasSize(278);

        String payload = EngageCipher.encrypt(KEY, AUTOMATION.getBytes(StandardCharsets.UTF_8));

        byte[] all = Base64.getDecoder().decode(payload);
        assertThat(all).hasSize(16 + 288);
        Cipher jdk = Cipher.getInstance("AES/CBC/PKCS5Padding");
        jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEY.getBytes(StandardCharsets.US_ASCII), "AES"), new IvParameterSpec(all, 0, 16));
        assertThat(new String(jdk.doFinal(all, 16, all.length - 16), StandardCharsets.UTF_8)).isEqualTo(AUTOMATION);
        assertThat(new String(EngageCipher.decrypt(KEY, payload), StandardCharsets.UTF_8)).isEqualTo(AUTOMATION);
    }

    @Test
    void every_encryption_has_a_fresh_iv() {
        byte[] text = "{}".getBytes(StandardCharsets.UTF_8);

        assertThat(EngageCipher.encrypt(KEY, text)).isNotEqualTo(EngageCipher.encrypt(KEY, text));
    }

    @Test
    void a_key_that_is_not_32_bytes_is_refused() {
        assertThatThrownBy(() -> EngageCipher.encrypt("short", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }
}
