package dev.laurel.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Engage's webhook payload encryption: AES-256-CBC with PKCS#7 padding, the key being the 32
 * configured characters as bytes, a random 16-byte IV written before the ciphertext, all Base64.
 */
public final class EngageCipher {

    public static final int KEY_BYTES = 32;
    public static final int IV_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private EngageCipher() {}

    public static String encrypt(String key, byte[] plaintext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding"); // PKCS5 in the JDK's name is PKCS#7 for AES's 16-byte blocks
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes(key), "AES"), new IvParameterSpec(iv));
            byte[] ciphertext = cipher.doFinal(plaintext);
            byte[] out = Arrays.copyOf(iv, IV_BYTES + ciphertext.length);
            System.arraycopy(ciphertext, 0, out, IV_BYTES, ciphertext.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC is part of every JDK", e);
        }
    }

    public static byte[] decrypt(String key, String payload) throws GeneralSecurityException {
        byte[] all = Base64.getDecoder().decode(payload);
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyBytes(key), "AES"), new IvParameterSpec(all, 0, IV_BYTES));
        return cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
    }

    private static byte[] keyBytes(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("the encryption key must be " + KEY_BYTES + " bytes, is " + bytes.length);
        }
        return bytes;
    }
}
