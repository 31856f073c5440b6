package org.replicacim.app;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.replicacim.security.PasswordHash;
import org.replicacim.security.Role;
import org.replicacim.security.UserFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replicacim user add|passwd|remove|list}: keeps the users file that HTTP Basic logins are checked against. */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage the users allowed to log in (salted PBKDF2 hashes in the users file).",
        subcommands = {UserCommand.Add.class, UserCommand.Passwd.class, UserCommand.Remove.class,
                UserCommand.ListUsers.class})
public final class UserCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.out);
        return 0;
    }

    /** Where the users file is: given directly, or as the server would find it from its settings. */
    static final class FileOptions {
        @Option(names = "--users-file", paramLabel = "FILE", description = "the users file (default: as the server"
                + " finds it: security.usersFile, else <data dir>/users)")
        Path usersFile;

        @Option(names = "--config", paramLabel = "FILE", description = "the server's settings file")
        Path configFile;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the server's data directory (default ./data)")
        Path dataDir;

        UserFile open() throws IOException {
            if (usersFile != null) {
                return new UserFile(usersFile);
            }
            ServerConfig c = ServerConfig.defaults();
            if (configFile != null) {
                if (!Files.isRegularFile(configFile)) {
                    throw new IllegalArgumentException("no settings file " + configFile);
                }
                c = c.withFile(configFile);
            }
            if (dataDir != null) {
                c = c.withDataDir(dataDir);
            }
            return new UserFile(c.security().usersFile(c.dataDir()));
        }
    }

    /** Reads the new password: from the terminal twice without echo, or one line of standard input. */
    static final class PasswordOptions {
        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean fromStdin;

        @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations (default "
                + PasswordHash.DEFAULT_ITERATIONS + ")")
        int iterations = PasswordHash.DEFAULT_ITERATIONS;

        char[] read() throws IOException {
            if (iterations < PasswordHash.MIN_ITERATIONS) {
                throw new IllegalArgumentException("--iterations must be at least " + PasswordHash.MIN_ITERATIONS);
            }
            char[] pw;
            Console console = System.console();
            if (fromStdin || console == null) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                pw = line == null ? new char[0] : line.toCharArray();
            } else {
                pw = console.readPassword("New password: ");
                char[] again = console.readPassword("Repeat it: ");
                if (pw == null || again == null || !Arrays.equals(pw, again)) {
                    throw new IllegalArgumentException("the passwords differ");
                }
                Arrays.fill(again, '\0');
            }
            if (pw.length < 8) {
                throw new IllegalArgumentException("a password needs at least 8 characters");
            }
            return pw;
        }
    }

    private abstract static class Change implements Callable<Integer> {
        @Mixin
        FileOptions file = new FileOptions();

        @Override
        public Integer call() throws Exception {
            try {
                String done = run(file.open());
                System.out.println(done);
                return 0;
            } catch (IllegalArgumentException | IllegalStateException | IOException e) {
                System.err.println("replicacim user: " + e.getMessage());
                return 2;
            }
        }

        abstract String run(UserFile users) throws IOException;
    }

    /** {@code user add NAME --role ROLE}. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user with a role.")
    static final class Add extends Change {
        @Parameters(paramLabel = "NAME", description = "letters, digits and . _ @ - (at most 64)")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "reader, operator or admin")
        String role;

        @Mixin
        PasswordOptions password = new PasswordOptions();

        @Override
        String run(UserFile users) throws IOException {
            Role r = Role.parse(role);
            char[] pw = password.read();
            try {
                users.add(name, r, pw, password.iterations);
            } finally {
                Arrays.fill(pw, '\0');
            }
            return "added user " + name + " (" + r.text() + ") to " + users.path();
        }
    }

    /** {@code user passwd NAME [--role ROLE]}. */
    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set a user's password (and, with --role, the role).")
    static final class Passwd extends Change {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", description = "also change the role")
        String role;

        @Mixin
        PasswordOptions password = new PasswordOptions();

        @Override
        String run(UserFile users) throws IOException {
            Role r = role == null ? null : Role.parse(role);
            if (!users.users().containsKey(name)) {
                throw new IllegalArgumentException("no user '" + name + "'");
            }
            char[] pw = password.read();
            try {
                users.update(name, r, pw, password.iterations);
            } finally {
                Arrays.fill(pw, '\0');
            }
            return "changed user " + name + " in " + users.path();
        }
    }

    /** {@code user remove NAME}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
    static final class Remove extends Change {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        String run(UserFile users) throws IOException {
            users.remove(name);
            return "removed user " + name + " from " + users.path();
        }
    }

    /** {@code user list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users and their roles.")
    static final class ListUsers extends Change {
        @Override
        String run(UserFile users) {
            StringBuilder sb = new StringBuilder();
            users.users().values().forEach(e -> sb.append(e.name()).append(' ').append(e.role().text()).append('\n'));
            return sb.length() == 0 ? "no users in " + users.path() : sb.toString().stripTrailing();
        }
    }
}
