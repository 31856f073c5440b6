package org.replicacim.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The users file: one {@code name:role:pbkdf2-sha256$iterations$salt$hash} line per user, {@code #} comments. It is
 * re-read when it changes on disk, so {@code replicacim user add} takes effect without a restart. A successful login
 * is remembered for a few minutes as a keyed digest (never the password), because PBKDF2 is deliberately slow and a
 * CIM client sends the same credentials with every request.
 */
public final class UserFile {
    /** User names: letters, digits and {@code . _ @ -}, at most 64 characters (no ':' as Basic requires). */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final long REMEMBER_NANOS = 5L * 60 * 1_000_000_000;

    /** One user's entry. */
    public record Entry(String name, Role role, PasswordHash hash) {
        public Entry {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(hash, "hash");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("user name must match " + NAME.pattern() + ": '" + name + "'");
            }
        }
    }

    private record Remembered(byte[] digest, long until, PasswordHash hash) {
    }

    private final Path file;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    private final long recheckNanos;
    private volatile Map<String, Entry> users = Map.of();
    private volatile FileTime loadedStamp;
    private volatile long loadedSize = -1;
    private volatile long nextCheck = System.nanoTime();

    /** The users file at this path (it need not exist yet: no users then), looked at on every use. */
    public UserFile(Path file) {
        this(file, java.time.Duration.ZERO);
    }

    /**
     * The users file at this path, looked at again for changes at most every {@code recheck} (a server asks for every
     * request; a change made elsewhere then takes effect within that time).
     */
    public UserFile(Path file, java.time.Duration recheck) {
        this.file = Objects.requireNonNull(file, "file");
        this.recheckNanos = recheck.toNanos();
        new SecureRandom().nextBytes(cacheKey);
    }

    /** Where the file is. */
    public Path path() {
        return file;
    }

    /** The users, reloaded if the file changed; a malformed file is an IllegalStateException naming the line. */
    public Map<String, Entry> users() {
        if (recheckNanos > 0 && System.nanoTime() - nextCheck < 0) {
            return users;
        }
        return reload();
    }

    private synchronized Map<String, Entry> reload() {
        nextCheck = System.nanoTime() + recheckNanos;
        try {
            if (!Files.exists(file)) {
                users = Map.of();
                loadedStamp = null;
                return users;
            }
            FileTime stamp = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (!stamp.equals(loadedStamp) || size != loadedSize) {
                users = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
                loadedStamp = stamp;
                loadedSize = size;
                remembered.clear();
            }
            return users;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the users file " + file + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Entry> parse(List<String> lines) {
        Map<String, Entry> m = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] p = line.split(":", 3);
            try {
                if (p.length != 3) {
                    throw new IllegalArgumentException("expected name:role:hash");
                }
                Entry e = new Entry(p[0], Role.parse(p[1]), PasswordHash.parse(p[2]));
                if (m.put(e.name(), e) != null) {
                    throw new IllegalArgumentException("user '" + e.name() + "' appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** The role of a user, or null when there is no such user. */
    public Role role(String user) {
        Entry e = users().get(user);
        return e == null ? null : e.role();
    }

    /** Whether the name and password belong to a user in the file; never logs or keeps the password. */
    public boolean authenticate(String user, String password) {
        Entry e = users().get(user);
        if (e == null) {
            // spend about the same time as a real check so that the answer time does not tell which names exist
            DUMMY.matches(password.toCharArray());
            return false;
        }
        byte[] digest = digest(user, password);
        Remembered r = remembered.get(user);
        if (r != null && r.hash == e.hash() && System.nanoTime() - r.until < 0
                && MessageDigest.isEqual(r.digest, digest)) {
            return true;
        }
        char[] chars = password.toCharArray();
        boolean ok = e.hash().matches(chars);
        java.util.Arrays.fill(chars, '\0');
        if (ok) {
            if (remembered.size() > 10_000) {
                remembered.clear();
            }
            remembered.put(user, new Remembered(digest, System.nanoTime() + REMEMBER_NANOS, e.hash()));
        }
        return ok;
    }

    private static final PasswordHash DUMMY = PasswordHash.create("dummy".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);

    private byte[] digest(String user, String password) {
        Mac mac = macs.get();
        mac.update(user.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            return mac;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Adds a user; IllegalArgumentException when the name is taken. */
    public synchronized void add(String name, Role role, char[] password, int iterations) throws IOException {
        Map<String, Entry> m = new LinkedHashMap<>(reload());
        if (m.containsKey(name)) {
            throw new IllegalArgumentException("user '" + name + "' exists; use 'user passwd' to change the password");
        }
        m.put(name, new Entry(name, role, PasswordHash.create(password, iterations)));
        write(m);
    }

    /** Sets a user's password (and role, when not null); IllegalArgumentException when there is no such user. */
    public synchronized void update(String name, Role role, char[] password, int iterations) throws IOException {
        Map<String, Entry> m = new LinkedHashMap<>(reload());
        Entry old = m.get(name);
        if (old == null) {
            throw new IllegalArgumentException("no user '" + name + "'");
        }
        m.put(name, new Entry(name, role == null ? old.role() : role,
                password == null ? old.hash() : PasswordHash.create(password, iterations)));
        write(m);
    }

    /** Removes a user; IllegalArgumentException when there is no such user. */
    public synchronized void remove(String name) throws IOException {
        Map<String, Entry> m = new LinkedHashMap<>(reload());
        if (m.remove(name) == null) {
            throw new IllegalArgumentException("no user '" + name + "'");
        }
        write(m);
    }

    /** Writes the whole file through a temporary file and an atomic rename, readable by the owner only. */
    private void write(Map<String, Entry> m) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# ReplicaCIM users: name:role:pbkdf2-sha256$iterations$salt$hash (role reader, operator or admin).");
        lines.add("# Edit with 'replicacim user add|passwd|remove'; the server re-reads this file when it changes.");
        for (Entry e : m.values()) {
            lines.add(e.name() + ":" + e.role().text() + ":" + e.hash().text());
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        loadedStamp = null;
        reload();
    }
}
