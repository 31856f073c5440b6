package org.replicacim.mof;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;

/**
 * A MOF file to compile, from the filesystem, the classpath or memory. {@code #pragma include} paths are resolved
 * relative to the including file, in the same place the including file came from.
 */
public final class MofSource {
    private final Origin origin;
    private final String path;

    private MofSource(Origin origin, String path) {
        this.origin = origin;
        this.path = path;
    }

    /** A file on the filesystem; its includes are read relative to its directory. */
    public static MofSource file(Path file) {
        Objects.requireNonNull(file, "file");
        Path parent = file.getParent();
        return new MofSource(new FileOrigin(parent == null ? Path.of("") : parent), file.getFileName().toString());
    }

    /** A classpath resource such as {@code mof/interop.mof}, read with this class's class loader. */
    public static MofSource classpath(String resource) {
        return classpath(resource, MofSource.class.getClassLoader());
    }

    /** A classpath resource read with the given class loader. */
    public static MofSource classpath(String resource, ClassLoader loader) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(loader, "loader");
        return new MofSource(new ClasspathOrigin(loader), normalize("", resource));
    }

    /** A file named {@code name} inside an in-memory set of files (file name → text), for tests and tools. */
    public static MofSource inMemory(String name, Map<String, String> files) {
        Objects.requireNonNull(name, "name");
        return new MofSource(new MemoryOrigin(Map.copyOf(files)), normalize("", name));
    }

    /** A single in-memory file with no includes. */
    public static MofSource ofText(String name, String text) {
        return inMemory(name, Map.of(name, text));
    }

    /** The name used in error messages, e.g. {@code mof/replication/CIM_ReplicationService.mof}. */
    public String name() {
        return origin.describe(path);
    }

    /** The source an {@code #pragma include} names, relative to this file. */
    public MofSource resolve(String include) {
        Objects.requireNonNull(include, "include");
        String inc = include.replace('\\', '/');
        if (inc.startsWith("/") && origin instanceof FileOrigin) {
            return file(Path.of(inc));
        }
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash);
        return new MofSource(origin, normalize(dir, inc));
    }

    /** Reads the whole file as UTF-8 (a byte-order mark is dropped). */
    public String read() throws IOException {
        String text = origin.read(path);
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }

    /** A key that is equal for two sources exactly when they denote the same file. */
    public String key() {
        return origin.key(path);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MofSource other && key().equals(other.key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return name();
    }

    private static String normalize(String dir, String relative) {
        Deque<String> parts = new ArrayDeque<>();
        String joined = relative.startsWith("/") ? relative : (dir.isEmpty() ? relative : dir + "/" + relative);
        for (String p : joined.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    private interface Origin {
        String read(String path) throws IOException;

        String describe(String path);

        String key(String path);
    }

    private record FileOrigin(Path root) implements Origin {
        @Override
        public String read(String path) throws IOException {
            return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
        }

        @Override
        public String describe(String path) {
            return root.resolve(path).normalize().toString();
        }

        @Override
        public String key(String path) {
            return "file:" + root.resolve(path).toAbsolutePath().normalize();
        }
    }

    private record ClasspathOrigin(ClassLoader loader) implements Origin {
        @Override
        public String read(String path) throws IOException {
            if (path.startsWith("..")) {
                throw new NoSuchFileException(path, null, "outside the classpath root");
            }
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    throw new NoSuchFileException("classpath:" + path);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        @Override
        public String describe(String path) {
            return "classpath:" + path;
        }

        @Override
        public String key(String path) {
            return "classpath:" + System.identityHashCode(loader) + ":" + path;
        }
    }

    private record MemoryOrigin(Map<String, String> files) implements Origin {
        @Override
        public String read(String path) throws IOException {
            String text = files.get(path);
            if (text == null) {
                throw new NoSuchFileException(path);
            }
            return text;
        }

        @Override
        public String describe(String path) {
            return path;
        }

        @Override
        public String key(String path) {
            return "memory:" + System.identityHashCode(files) + ":" + path;
        }
    }
}
