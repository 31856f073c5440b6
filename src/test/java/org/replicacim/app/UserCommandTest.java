package org.replicacim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.security.Role;
import org.replicacim.security.UserFile;
import picocli.CommandLine;

class UserCommandTest {
    @TempDir
    Path dir;

    private int run(String stdin, String... args) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return new CommandLine(new Main()).execute(args);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void addPasswdRemoveThroughTheDataDirectory() throws Exception {
        String data = dir.toString();
        assertEquals(0, run("first-password\n", "user", "add", "alice", "--role", "operator", "--data-dir", data,
                "--password-stdin", "--iterations", "2000"));
        UserFile users = new UserFile(dir.resolve("users"));
        assertEquals(Role.OPERATOR, users.role("alice"));
        assertTrue(users.authenticate("alice", "first-password"));
        assertTrue(Files.readString(dir.resolve("users")).contains("pbkdf2-sha256$2000$"));

        assertEquals(2, run("other-password\n", "user", "add", "alice", "--role", "reader", "--data-dir", data,
                "--password-stdin"), "the name is taken");
        assertEquals(2, run("short\n", "user", "add", "bob", "--role", "reader", "--data-dir", data,
                "--password-stdin"), "too short a password");
        assertEquals(2, run("long-enough-pw\n", "user", "add", "bob", "--role", "boss", "--data-dir", data,
                "--password-stdin"), "unknown role");

        assertEquals(0, run("second-password\n", "user", "passwd", "alice", "--role", "admin", "--data-dir", data,
                "--password-stdin", "--iterations", "2000"));
        assertFalse(users.authenticate("alice", "first-password"));
        assertTrue(users.authenticate("alice", "second-password"));
        assertEquals(Role.ADMIN, users.role("alice"));

        assertEquals(0, run("", "user", "remove", "alice", "--users-file", dir.resolve("users").toString()));
        assertEquals(null, users.role("alice"));
        assertEquals(2, run("", "user", "remove", "alice", "--data-dir", data));
    }
}
