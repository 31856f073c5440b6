package org.replicacim.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFileTest {
    @TempDir
    Path dir;

    @Test
    void storesSaltedSlowHashesWithTheirIterationCount() throws Exception {
        UserFile users = new UserFile(dir.resolve("users"));
        users.add("alice", Role.OPERATOR, "correct horse".toCharArray(), 2_000);
        users.add("bob", Role.READER, "correct horse".toCharArray(), 3_000);
        String text = Files.readString(dir.resolve("users"), StandardCharsets.UTF_8);
        assertFalse(text.contains("correct horse"), "no plain password in the file");
        String alice = text.lines().filter(l -> l.startsWith("alice:")).findFirst().orElseThrow();
        String bob = text.lines().filter(l -> l.startsWith("bob:")).findFirst().orElseThrow();
        assertTrue(alice.startsWith("alice:operator:pbkdf2-sha256$2000$"), alice);
        assertTrue(bob.startsWith("bob:reader:pbkdf2-sha256$3000$"), bob);
        // the same password gives different hashes: the salt differs
        assertFalse(alice.substring(alice.lastIndexOf('$')).equals(bob.substring(bob.lastIndexOf('$'))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("users"))));
    }

    @Test
    void authenticatesAndReportsRoles() throws Exception {
        UserFile users = new UserFile(dir.resolve("users"));
        users.add("alice", Role.ADMIN, "s3cret-pass".toCharArray(), 2_000);
        assertTrue(users.authenticate("alice", "s3cret-pass"));
        assertTrue(users.authenticate("alice", "s3cret-pass"), "remembered login");
        assertFalse(users.authenticate("alice", "s3cret-pasS"));
        assertFalse(users.authenticate("mallory", "s3cret-pass"));
        assertEquals(Role.ADMIN, users.role("alice"));
        assertNull(users.role("mallory"));
    }

    @Test
    void passwdAndRemoveTakeEffectAtOnceAlsoInAnotherReader() throws Exception {
        Path f = dir.resolve("users");
        UserFile cli = new UserFile(f);
        UserFile server = new UserFile(f);
        cli.add("alice", Role.READER, "first-password".toCharArray(), 2_000);
        assertTrue(server.authenticate("alice", "first-password"));
        cli.update("alice", Role.OPERATOR, "second-password".toCharArray(), 2_000);
        assertFalse(server.authenticate("alice", "first-password"), "a remembered login does not outlive a change");
        assertTrue(server.authenticate("alice", "second-password"));
        assertEquals(Role.OPERATOR, server.role("alice"));
        cli.remove("alice");
        assertFalse(server.authenticate("alice", "second-password"));
        assertThrows(IllegalArgumentException.class, () -> cli.remove("alice"));
    }

    @Test
    void aServerCopyLooksAtTheFileAtMostOncePerInterval() throws Exception {
        Path f = dir.resolve("users");
        UserFile cli = new UserFile(f);
        UserFile server = new UserFile(f, java.time.Duration.ofHours(1));
        cli.add("alice", Role.READER, "first-password".toCharArray(), 2_000);
        assertEquals(Role.READER, server.role("alice"));
        cli.add("bob", Role.READER, "other-password".toCharArray(), 2_000);
        assertNull(server.role("bob"), "not looked at again within the interval");
        server.remove("alice");
        assertEquals(Role.READER, server.role("bob"), "a change through this copy reads the file first");
        assertNull(new UserFile(f).role("alice"));
    }

    @Test
    void rejectsBadNamesDuplicatesAndMalformedLines() throws Exception {
        UserFile users = new UserFile(dir.resolve("users"));
        assertThrows(IllegalArgumentException.class, () -> users.add("a:b", Role.READER, "password1".toCharArray(), 2_000));
        users.add("alice", Role.READER, "password1".toCharArray(), 2_000);
        assertThrows(IllegalArgumentException.class, () -> users.add("alice", Role.READER, "password1".toCharArray(), 2_000));
        Files.writeString(dir.resolve("bad"), "# comment\nalice:reader:md5$abc\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new UserFile(dir.resolve("bad")).users());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2-sha256$10$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"),
                "too few iterations are refused");
    }
}
