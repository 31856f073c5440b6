package org.replicacim.app.admin;

import java.io.PrintStream;
import java.util.Map;
import org.replicacim.cim.CimInstance;

/**
 * A job's PercentComplete as a bar: redrawn in place on a terminal, one line per change otherwise (logs, pipes),
 * so that a watched job never floods its output.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean inPlace;
    private String last;

    ProgressBar(PrintStream out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    /** Draws the job's current reading if it differs from the last one drawn. */
    void show(CimInstance job) {
        Map<String, Object> j = AdminSession.jobObject(job);
        int pct = (Integer) j.get("percentComplete");
        String line = render(pct, String.valueOf(j.get("state")), String.valueOf(j.get("name")));
        if (line.equals(last)) {
            return;
        }
        last = line;
        if (inPlace) {
            out.print("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the in-place line so that what follows starts on its own. */
    void finish() {
        if (inPlace && last != null) {
            out.println();
            out.flush();
        }
    }

    static String render(int pct, String state, String name) {
        int p = Math.max(0, Math.min(100, pct));
        int filled = p * WIDTH / 100;
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format("%3d%%", p) + "  "
                + state + "  " + name;
    }
}
