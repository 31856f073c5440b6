package org.replicacim.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Host I/O through the server's NBD export with qemu-io and qemu-img, bounded in time. */
final class Qemu {
    /** What one run printed and returned. */
    record Result(int exitCode, String out) {
    }

    private Qemu() {
    }

    static void requireInstalled() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/qemu-io")) && Files.isExecutable(Path.of(
                "/usr/bin/qemu-img"));
        if (!present && "true".equals(System.getenv("CI"))) {
            Assertions.fail("qemu-io/qemu-img are not installed (apt-get install qemu-utils)");
        }
        Assumptions.assumeTrue(present, "qemu-utils not installed");
    }

    static String nbd(int port, String volume) {
        return "nbd://127.0.0.1:" + port + "/" + volume;
    }

    /** qemu-io -f raw -c COMMAND on the export; asserts it ran and the command did not report a failure. */
    static Result io(int port, String volume, String command) throws Exception {
        Result r = run("qemu-io", "-f", "raw", "-c", command, nbd(port, volume));
        Assertions.assertEquals(0, r.exitCode, () -> "qemu-io " + command + ": " + r.out);
        return r;
    }

    /** Reads the range and checks every byte has the pattern. */
    static boolean verify(int port, String volume, int pattern, long offset, long length) throws Exception {
        Result r = run("qemu-io", "-f", "raw", "-r", "-c", "read -P 0x" + Integer.toHexString(pattern) + " " + offset
                + " " + length, nbd(port, volume));
        return r.exitCode == 0 && !r.out.contains("Pattern verification failed") && r.out.contains("read ");
    }

    /** qemu-img compare: true when both exports hold identical data. */
    static boolean same(int port, String a, String b) throws Exception {
        Result r = run("qemu-img", "compare", "-f", "raw", "-F", "raw", nbd(port, a), nbd(port, b));
        if (r.exitCode > 1) {
            Assertions.fail("qemu-img compare failed: " + r.out);
        }
        return r.exitCode == 0;
    }

    private static Result run(String... args) throws Exception {
        requireInstalled();
        List<String> cmd = new ArrayList<>(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail(String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
