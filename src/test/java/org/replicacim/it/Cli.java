package org.replicacim.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code replicacim} command line as a child JVM (the test class path, {@code org.replicacim.app.Main})
 * with a bounded wait, and hands back its exit code, stdout and stderr.
 */
final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final Map<String, String> env;

    /** Runs against the URL with the given environment (e.g. REPLICACIM_USER and REPLICACIM_PASSWORD). */
    Cli(String url, Map<String, String> env) {
        this.url = url;
        this.env = Map.copyOf(env);
    }

    /** The JVM command that starts {@code replicacim}; shared with the README tour's shell function. */
    static List<String> javaCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.replicacim.app.Main");
    }

    /** One run: the result of {@code replicacim ARGS --url URL}. */
    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not one JSON document: " + e.getMessage() + "\n" + out, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of(args));
        cmd.add("--url");
        cmd.add(url);
        return exec(cmd, env, 120);
    }

    /** Like {@link #run} but without adding {@code --url} (the usage-error cases). */
    Result runBare(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of(args));
        return exec(cmd, env, 120);
    }

    static Result exec(List<String> cmd, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        return exec(cmd, env, timeoutSeconds, null);
    }

    /** Runs a command in a directory (null: this one) with the environment added, bounded in time. */
    static Result exec(List<String> cmd, Map<String, String> env, int timeoutSeconds, File directory)
            throws IOException, InterruptedException {
        File out = File.createTempFile("cli", ".out");
        File err = File.createTempFile("cli", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).directory(directory);
            pb.environment().remove("REPLICACIM_URL");
            pb.environment().remove("REPLICACIM_PASSWORD");
            pb.environment().remove("REPLICACIM_USER");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("replicacim " + cmd.subList(javaCommand().size(), cmd.size())
                        + " did not end within " + timeoutSeconds + " s; stdout so far:\n"
                        + Files.readString(out.toPath(), StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }
}
