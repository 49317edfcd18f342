package dk.vagtcentral.protocol.dc09;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in CBC mode with a zero IV, as DC-09 prescribes. The plaintext is preceded by random pad
 * characters and a '|' so that its length is a multiple of the AES block; the ciphertext travels as
 * upper-case hex. Keys are 16, 24 or 32 bytes (AES-128/192/256).
 */
public final class Dc09Cipher {
    private static final int BLOCK = 16;
    private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[BLOCK]);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final String PAD_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Dc09Cipher() {
    }

    public static boolean isValidKeyLength(int bytes) {
        return bytes == 16 || bytes == 24 || bytes == 32;
    }

    /** Parses a hex key of 32, 48 or 64 digits. */
    public static byte[] parseKey(String hex) {
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("AES key must be hex digits");
        }
        if (!isValidKeyLength(key.length)) {
            throw new IllegalArgumentException("AES key must be 32, 48 or 64 hex digits (AES-128/192/256), got " + hex.length());
        }
        return key;
    }

    /** Pads {@code plaintext} ("|" + content) and encrypts it; returns the hex text that goes after '['. */
    public static String encrypt(byte[] key, String content, RandomGenerator padRandom) {
        int unpadded = content.length() + 1;
        int padLength = (BLOCK - unpadded % BLOCK) % BLOCK;
        StringBuilder plain = new StringBuilder(unpadded + padLength);
        for (int i = 0; i < padLength; i++) {
            plain.append(PAD_ALPHABET.charAt(padRandom.nextInt(PAD_ALPHABET.length())));
        }
        plain.append('|').append(content);
        return HEX.formatHex(crypt(Cipher.ENCRYPT_MODE, key, plain.toString().getBytes(StandardCharsets.ISO_8859_1)));
    }

    /**
     * Decrypts the hex text after '[' and strips the pad up to and including the first '|'.
     *
     * @throws IllegalArgumentException when the text is not whole blocks of hex or the pad is missing
     */
    public static String decrypt(byte[] key, CharSequence hex) {
        if (hex.length() == 0 || hex.length() % (BLOCK * 2) != 0) {
            throw new IllegalArgumentException("encrypted block is not a whole number of AES blocks");
        }
        byte[] cipherText;
        try {
            cipherText = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encrypted block is not hex");
        }
        byte[] plain = crypt(Cipher.DECRYPT_MODE, key, cipherText);
        for (int i = 0; i < plain.length; i++) {
            if (plain[i] == '|') {
                for (int j = i + 1; j < plain.length; j++) {
                    if (plain[j] < 0x20 || plain[j] > 0x7E) {
                        throw new IllegalArgumentException("decrypted text is not printable ASCII (wrong key?)");
                    }
                }
                return new String(plain, i + 1, plain.length - i - 1, StandardCharsets.ISO_8859_1);
            }
        }
        throw new IllegalArgumentException("decrypted text has no pad separator (wrong key?)");
    }

    private static byte[] crypt(int mode, byte[] key, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), ZERO_IV);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES failed: " + e.getMessage(), e);
        }
    }
}
