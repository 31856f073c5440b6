package org.replicacim.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Host I/O on a volume through the server's NBD export with qemu-io, as a host would do it; bounded in time. */
final class NbdIo {
    private NbdIo() {
    }

    static void requireInstalled() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/qemu-io"));
        if (!present && "true".equals(System.getenv("CI"))) {
            Assertions.fail("qemu-io is not installed (apt-get install qemu-utils)");
        }
        Assumptions.assumeTrue(present, "qemu-io not installed (apt-get install qemu-utils)");
    }

    /** Runs one qemu-io command on the export; returns its output; fails the test on a non-zero exit. */
    static String io(int port, String export, String command) throws Exception {
        requireInstalled();
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "raw", "-c", command,
                "nbd://127.0.0.1:" + port + "/" + export));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail("qemu-io " + command + " did not finish within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assertions.assertEquals(0, p.exitValue(), () -> "qemu-io " + command + ": " + out);
        Assertions.assertFalse(out.contains("Pattern verification failed"), () -> "qemu-io " + command + ": " + out);
        return out;
    }

    /** SHA-256 (hex) of a whole export, read over NBD with nbdcopy as a host would read it; bounded in time. */
    static String sha256(int port, String export) throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/nbdcopy"));
        if (!present && "true".equals(System.getenv("CI"))) {
            Assertions.fail("nbdcopy is not installed (apt-get install libnbd-bin)");
        }
        Assumptions.assumeTrue(present, "nbdcopy not installed (apt-get install libnbd-bin)");
        Process p = new ProcessBuilder("nbdcopy", "nbd://127.0.0.1:" + port + "/" + export, "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (java.io.InputStream in = p.getInputStream()) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    Assertions.fail("nbdcopy of " + export + " did not finish within 60 s");
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail("nbdcopy of " + export + " did not finish within 60 s");
        }
        Assertions.assertEquals(0, p.exitValue(), "nbdcopy of " + export + " failed");
        return java.util.HexFormat.of().formatHex(md.digest());
    }
}
