package org.replicacim.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The key and certificate the HTTPS listener presents: a configured key store, or one generated on first start into
 * the data directory ({@code https.p12}, its password in {@code https.p12.password}, the certificate for clients in
 * {@code https-cert.pem}), self-signed with the JDK's {@code keytool}.
 *
 * @param path        the key store file
 * @param type        its type ({@code PKCS12} or {@code JKS})
 * @param password    the store (and key) password; never printed
 * @param certificate the server certificate in it
 */
public record TlsKeyStore(Path path, String type, String password, X509Certificate certificate) {
    /** The generated key store's file name inside the data directory. */
    public static final String GENERATED = "https.p12";
    /** The generated certificate (PEM) for clients to trust. */
    public static final String CERTIFICATE_PEM = "https-cert.pem";

    /** Validates the parts. */
    public TlsKeyStore {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** Opens a configured key store, checking that it holds a key with a certificate. */
    public static TlsKeyStore open(Path path, String type, String password) throws IOException {
        KeyStore ks = load(path, type, password);
        try {
            for (String alias : java.util.Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias) && ks.getCertificate(alias) instanceof X509Certificate x) {
                    return new TlsKeyStore(path, type, password, x);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read key store " + path + ": " + e.getMessage(), e);
        }
        throw new IOException("key store " + path + " holds no private key with an X.509 certificate");
    }

    /** The key store generated into the data directory, made on the first call (self-signed for the host names). */
    public static synchronized TlsKeyStore selfSigned(Path dataDir, List<String> hostNames) throws IOException {
        Path ks = dataDir.resolve(GENERATED);
        Path pw = dataDir.resolve(GENERATED + ".password");
        if (!Files.exists(ks) || !Files.exists(pw)) {
            generate(ks, pw, hostNames);
        }
        TlsKeyStore store = open(ks, "PKCS12", Files.readString(pw, StandardCharsets.UTF_8).trim());
        Path pem = dataDir.resolve(CERTIFICATE_PEM);
        if (!Files.exists(pem)) {
            Files.writeString(pem, store.pem(), StandardCharsets.US_ASCII);
        }
        return store;
    }

    private static void generate(Path ks, Path pw, List<String> hostNames) throws IOException {
        Files.createDirectories(ks.toAbsolutePath().getParent());
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.deleteIfExists(ks);
        Files.deleteIfExists(pw);
        writePrivate(pw, password + "\n");
        List<String> san = new ArrayList<>();
        for (String h : hostNames) {
            if (h == null || h.isBlank()) {
                continue;
            }
            boolean ip = h.matches("[0-9.]+") || h.contains(":");
            String item = (ip ? "ip:" : "dns:") + h;
            if (!san.contains(item)) {
                san.add(item);
            }
        }
        for (String item : List.of("dns:localhost", "ip:127.0.0.1")) {
            if (!san.contains(item)) {
                san.add(item);
            }
        }
        String cn = hostNames.isEmpty() || hostNames.get(0).isBlank() ? "localhost" : hostNames.get(0);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = List.of(keytool.toString(), "-genkeypair", "-alias", "replicacim", "-keyalg", "RSA",
                "-keysize", "2048", "-sigalg", "SHA256withRSA", "-validity", "3650",
                "-dname", "CN=" + cn.replace(",", "\\,") + ", O=ReplicaCIM self-signed",
                "-ext", "SAN=" + String.join(",", san), "-ext", "EKU=serverAuth",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass:env", "RCIM_KS_PASSWORD");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("RCIM_KS_PASSWORD", password);
        Process p = pb.start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the HTTPS certificate", e);
        }
        if (p.exitValue() != 0 || !Files.exists(ks)) {
            throw new IOException("keytool could not generate the HTTPS certificate: " + output.strip());
        }
        restrict(ks);
    }

    private static void writePrivate(Path file, String text) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's protection has to do
        }
    }

    private static KeyStore load(Path path, String type, String password) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password.toCharArray());
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException("cannot open key store " + path + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 fingerprint of the certificate, as colon-separated upper-case hex (what browsers show). */
    public String fingerprint() {
        return fingerprint(certificate);
    }

    /** The SHA-256 fingerprint of a certificate, colon-separated upper-case hex. */
    public static String fingerprint(Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the certificate", e);
        }
    }

    /** The certificate in PEM form. */
    public String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the certificate", e);
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "TlsKeyStore[" + path + ", " + type + ", SHA-256 " + fingerprint() + "]";
    }
}
