package org.replicacim.storage;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian NBD tools (qemu-io, qemu-img, nbdinfo, nbdcopy); missing tools skip locally and fail on CI. */
public final class ExternalTool {
    /** Exit code and merged output of a finished tool. */
    public record Result(int exitCode, String output) {
    }

    private ExternalTool() {
    }

    public static void require(String... tools) {
        for (String tool : tools) {
            boolean present = Files.isExecutable(Path.of("/usr/bin", tool))
                    || Files.isExecutable(Path.of("/usr/local/bin", tool));
            if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(tool + " is missing; CI must install qemu-utils qemu-system-common libnbd-bin");
            }
            assumeTrue(present, tool + " not installed (apt-get install qemu-utils libnbd-bin); skipping");
        }
    }

    public static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        byte[] out;
        try {
            out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    public static String nbdUrl(int port, String export) {
        return "nbd://127.0.0.1:" + port + "/" + export;
    }

    public static List<String> qemuIo(int port, String export, boolean readOnly, String... commands) {
        List<String> argv = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        if (readOnly) {
            argv.add("-r");
        }
        for (String c : commands) {
            argv.add("-c");
            argv.add(c);
        }
        argv.add(nbdUrl(port, export));
        return argv;
    }
}
