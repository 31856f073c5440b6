package org.replicacim.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash in the text form {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (Base64). The
 * iteration count is kept per hash so that it can be raised later without invalidating stored entries.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    /** The scheme tag in the text form. */
    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 210_000;
    /** Fewer iterations than this are refused: such a hash would be fast to brute-force. */
    public static final int MIN_ITERATIONS = 1_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Validates the parts. */
    public PasswordHash {
        if (iterations < MIN_ITERATIONS || salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException("weak or malformed password hash");
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /** Hashes a password with a fresh random salt. */
    public static PasswordHash create(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
    }

    /** Whether the password matches, compared in constant time. */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** The text form stored in the users file. */
    public String text() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Parses the text form; IllegalArgumentException when it is not one. */
    public static PasswordHash parse(String text) {
        String[] p = text.split("\\$", -1);
        if (p.length != 4 || !p[0].equals(SCHEME)) {
            throw new IllegalArgumentException("not a " + SCHEME + " hash");
        }
        try {
            return new PasswordHash(Integer.parseInt(p[1]), Base64.getDecoder().decode(p[2]),
                    Base64.getDecoder().decode(p[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad iteration count in password hash", e);
        }
    }

    /** Never shows the hash. */
    @Override
    public String toString() {
        return "PasswordHash[" + SCHEME + ", iterations=" + iterations + "]";
    }
}
