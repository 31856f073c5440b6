package org.replicacim.bench.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server JVM the benchmarks start as a child process on a free loopback port: the ReplicaCIM jar, or the static
 * Jetty baseline. Output goes to a log file; the port is read from the line the server prints when it listens.
 * Closing stops the process (SIGTERM, then SIGKILL after ten seconds).
 */
final class ChildServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("https?://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final Path log;
    private final int port;

    private ChildServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** {@code java <jvmArgs> -jar <jar> serve --http-port 0 --data-dir <dir> --nbd-port -1}. */
    static ChildServer replicaCim(Path dataDir, List<String> jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(serverJar().toString());
        Path settings = dataDir.resolveSibling(dataDir.getFileName() + ".properties");
        Files.writeString(settings, "security.anonymousLoopback = true\n", StandardCharsets.UTF_8);
        cmd.addAll(List.of("serve", "--config", settings.toString(), "--http-port", "0", "--data-dir",
                dataDir.toString(), "--nbd-port", "-1"));
        return start(cmd, dataDir.resolveSibling(dataDir.getFileName() + ".log"));
    }

    /** The static Jetty baseline serving the answers stored in {@code dir}, with the test classpath. */
    static ChildServer staticJetty(Path dir, List<String> jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StaticResponseServer.class.getName());
        cmd.add(dir.toString());
        return start(cmd, dir.resolveSibling(dir.getFileName() + ".log"));
    }

    private static ChildServer start(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a benchmark stopped from outside (timeout, Ctrl-C) must not leave servers behind
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            Matcher m = LISTENING.matcher(text);
            if (m.find()) {
                return new ChildServer(p, log, Integer.parseInt(m.group(1)));
            }
            if (!p.isAlive()) {
                throw new IOException("server exited (" + p.exitValue() + "):\n" + text);
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new IOException("server did not start within 120 s: " + String.join(" ", cmd));
    }

    static Path serverJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("replicacim-.*-all\\.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no target/replicacim-*-all.jar; run mvn package first"));
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** The peak resident set size so far (VmHWM), in KiB; -1 if unknown. */
    long peakRssKiB() {
        return procStatus("VmHWM:");
    }

    /** The current resident set size (VmRSS), in KiB; -1 if unknown. */
    long rssKiB() {
        return procStatus("VmRSS:");
    }

    private long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
