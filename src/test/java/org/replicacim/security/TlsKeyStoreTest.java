package org.replicacim.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void generatesOnceAndKeepsTheCertificateAcrossStarts() throws Exception {
        TlsKeyStore first = TlsKeyStore.selfSigned(dir, List.of("array1.example.com", "127.0.0.1"));
        TlsKeyStore again = TlsKeyStore.selfSigned(dir, List.of("array1.example.com", "127.0.0.1"));
        assertEquals(first.fingerprint(), again.fingerprint(), "the same certificate after a restart");
        assertTrue(first.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), first.fingerprint());
        X509Certificate cert = first.certificate();
        assertTrue(cert.getSubjectX500Principal().getName().contains("CN=array1.example.com"));
        String sans = String.valueOf(cert.getSubjectAlternativeNames());
        assertTrue(sans.contains("array1.example.com") && sans.contains("127.0.0.1") && sans.contains("localhost"),
                sans);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.path())));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(TlsKeyStore.GENERATED + ".password"))));
        try (InputStream in = Files.newInputStream(dir.resolve(TlsKeyStore.CERTIFICATE_PEM))) {
            X509Certificate pem = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            assertEquals(first.fingerprint(), TlsKeyStore.fingerprint(pem), "the PEM for clients is the same one");
        }
        assertTrue(!first.toString().contains(first.password()), "the password is never printed");
    }

    @Test
    void aWrongPasswordOrAnEmptyStoreIsAClearError() throws Exception {
        TlsKeyStore made = TlsKeyStore.selfSigned(dir, List.of("localhost"));
        IOException e = assertThrows(IOException.class, () -> TlsKeyStore.open(made.path(), "PKCS12", "wrong"));
        assertTrue(e.getMessage().contains(made.path().toString()), e.getMessage());
    }
}
