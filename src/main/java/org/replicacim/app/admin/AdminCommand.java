package org.replicacim.app.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replicacim.cim.CimException;
import org.replicacim.client.WbemTransportException;
import picocli.CommandLine.Mixin;

/**
 * The frame of every admin verb: connects, runs the verb, prints its result as a table or one JSON document, and
 * turns every failure into one line on stderr (and an {@code error} document with --json) and its exit code.
 */
abstract class AdminCommand implements Callable<Integer> {
    @Mixin
    AdminOptions options;

    /** Does the work and returns the JSON document; prints the human form itself unless --json is set. */
    abstract Object run(AdminSession session) throws Exception;

    @Override
    public final Integer call() {
        try (AdminSession session = options.connect()) {
            Object document = run(session);
            if (options.json) {
                options.out.println(Json.write(document));
            }
            options.out.flush();
            return ExitCode.OK;
        } catch (AdminFailure e) {
            return fail(e.exitCode(), e.getMessage(), null, e.detail());
        } catch (CimException e) {
            return fail(ExitCode.CIM_ERROR, e.status().code() + " " + e.status().symbol() + ": " + e.description(),
                    e.status().code(), null);
        } catch (WbemTransportException e) {
            String where = options.url;
            String msg = e.httpStatus() == 0 ? "cannot reach " + where + ": " + rootMessage(e)
                    : where + " answered " + e.getMessage();
            if (e.httpStatus() == 401) {
                msg += " (give --user and --password, or env REPLICACIM_PASSWORD)";
            }
            return fail(ExitCode.CONNECTION, msg, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(ExitCode.CONNECTION, "interrupted", null, null);
        } catch (Exception e) {
            return fail(ExitCode.CIM_ERROR, e.toString(), null, null);
        }
    }

    /** The most telling reason in a cause chain: "connection refused", else the deepest message. */
    private static String rootMessage(Throwable t) {
        String message = null;
        for (Throwable c = t.getCause(); c != null && message == null || c != null && c.getCause() != null;
             c = c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                for (Throwable d = c; d != null; d = d.getCause()) {
                    if (d instanceof java.nio.channels.UnresolvedAddressException) {
                        return "unknown host";
                    }
                }
                return "connection refused";
            }
            if (c instanceof java.net.http.HttpTimeoutException) {
                return "timed out";
            }
            if (c instanceof java.net.UnknownHostException) {
                return "unknown host " + c.getMessage();
            }
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
        }
        return message == null ? t.getMessage() : message;
    }

    private int fail(int exitCode, String message, Integer cimStatus, Object detail) {
        options.out.flush();
        if (options.json) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("exitCode", exitCode);
            error.put("message", message);
            if (cimStatus != null) {
                error.put("cimStatus", cimStatus);
            }
            if (detail instanceof Map<?, ?> m) {
                m.forEach((k, v) -> error.put(String.valueOf(k), v));
            }
            options.out.println(Json.write(Map.of("error", error)));
            options.out.flush();
        }
        options.err.println("replicacim: " + message.replace('\n', ' '));
        options.err.flush();
        return exitCode;
    }

    // ---- human output

    /** Prints rows under a header, columns padded to their widest cell; nothing but the header when empty. */
    void table(List<String> header, List<List<String>> rows) {
        if (options.json) {
            return;
        }
        int[] width = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], cell(row.get(i)).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String c = cell(row.get(i));
                sb.append(c);
                if (i + 1 < row.size()) {
                    sb.append(" ".repeat(width[i] - c.length() + 2));
                }
            }
            options.out.println(sb.toString().stripTrailing());
        }
    }

    /** A line for people (not printed with --json). */
    void say(String line) {
        if (!options.json) {
            options.out.println(line);
        }
    }

    private static String cell(String s) {
        return s == null ? "-" : s;
    }

    /** 268435456 → "256 MiB". */
    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1 && (v / 1024) == Math.floor(v / 1024)) {
            v /= 1024;
            u++;
        }
        if (u == 0 && n >= 1024) {
            return n + " B";
        }
        return String.format(Locale.ROOT, "%d %s", (long) v, units[u]);
    }

    /** "256M", "1G", "10GiB", "512k", "4096" → bytes (binary units); IllegalArgumentException otherwise. */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long factor = 1;
        if (!t.isEmpty()) {
            int shift = "KMGTP".indexOf(t.charAt(t.length() - 1));
            if (shift >= 0) {
                factor = 1L << (10 * (shift + 1));
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            long n = Long.parseLong(t);
            if (n <= 0) {
                throw new IllegalArgumentException("size must be positive: " + text);
            }
            return Math.multiplyExact(n, factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (e.g. 256M, 10G, 1073741824)");
        }
    }
}
