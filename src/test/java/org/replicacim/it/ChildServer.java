package org.replicacim.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.replicacim.repository.ClassRepository;

/**
 * A real server in a child JVM ({@code Main serve --config}), started and waited for until it listens; killed with
 * SIGKILL by the crash tests. Its log (stderr) is appended to a file next to the configuration.
 */
record ChildServer(Process process, int port, int nbdPort, CimHttp cim) {
    private static final Pattern READY = Pattern.compile(
            "serving CIM-XML on http://[^:]+:(\\d+)/cimom(?:.*NBD on 127\\.0\\.0\\.1:(\\d+))?");

    /** Starts a server on the configuration file; fails if it does not listen within 60 s. */
    static ChildServer start(Path config) throws Exception {
        // the child logs the server's own INFO lines (recovery, operations) to the log file, for post-mortems
        Path logback = config.resolveSibling("logback-child.xml");
        if (!java.nio.file.Files.exists(logback)) {
            java.nio.file.Files.writeString(logback, "<configuration><appender name=\"E\" class=\""
                    + "ch.qos.logback.core.ConsoleAppender\"><target>System.err</target><encoder><pattern>"
                    + "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder></appender>"
                    + "<logger name=\"org.replicacim\" level=\"INFO\"/><logger name=\"org.eclipse.jetty\""
                    + " level=\"WARN\"/><root level=\"WARN\"><appender-ref ref=\"E\"/></root></configuration>");
        }
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Dlogback.configurationFile=" + logback, "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.replicacim.app.Main", "serve", "--config", config.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(
                config.resolveSibling(config.getFileName() + ".log").toFile())).start();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = in.readLine();
            if (line == null) {
                break;
            }
            Matcher m = READY.matcher(line);
            if (m.find()) {
                int port = Integer.parseInt(m.group(1));
                // keep draining stdout so that the child never blocks on a full pipe
                Thread drain = new Thread(() -> {
                    try {
                        while (in.readLine() != null) {
                            // discard
                        }
                    } catch (java.io.IOException e) {
                        // the child died
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new ChildServer(p, port, m.group(2) == null ? -1 : Integer.parseInt(m.group(2)),
                        new CimHttp(port, ClassRepository.STORAGE, Duration.ofSeconds(30)));
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the server did not start within 60 s (log in " + config + ".log)");
    }

    /** SIGKILL, and wait (bounded) until the process has gone. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the killed server did not go away");
        }
    }
}
