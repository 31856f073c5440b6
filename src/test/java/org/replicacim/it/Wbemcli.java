package org.replicacim.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Runs the real sblim wbemcli against a test server, bounded in time; its output is what tests check. */
final class Wbemcli {
    /** What one wbemcli run printed. */
    record Result(int exitCode, String out, String err) {
        Result assertOk() {
            Assertions.assertEquals(0, exitCode, () -> "wbemcli failed (" + exitCode + "): " + err + out);
            return this;
        }
    }

    private Wbemcli() {
    }

    /** Skips (locally) or fails (in CI) when wbemcli is not installed. */
    static void requireInstalled() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/wbemcli"));
        if (!present && "true".equals(System.getenv("CI"))) {
            Assertions.fail("wbemcli is not installed; scripts/test installs sblim-wbemcli");
        }
        Assumptions.assumeTrue(present, "wbemcli not installed (apt-get install sblim-wbemcli)");
    }

    /** Runs {@code wbemcli args...} with -noverify and a 30 s bound. */
    static Result run(String... args) throws IOException, InterruptedException {
        requireInstalled();
        List<String> cmd = new ArrayList<>();
        cmd.add("wbemcli");
        cmd.add("-noverify");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail("wbemcli " + String.join(" ", args) + " did not finish within 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
