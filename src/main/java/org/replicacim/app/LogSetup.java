package org.replicacim.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * Applies the settings file's {@code log.format} (text or json) and {@code log.level} to Logback. They reach
 * {@code logback.xml} as the system properties {@code replicacim.log.format} and {@code replicacim.log.level}; a
 * property given on the command line ({@code -Dreplicacim.log.format=json}) wins over the file.
 */
final class LogSetup {
    static final String FORMAT = "replicacim.log.format";
    static final String LEVEL = "replicacim.log.level";

    private LogSetup() {
    }

    /** Reads the logging settings from the file (null: none) and reconfigures Logback if they change anything. */
    static void apply(Path settingsFile) throws IOException {
        if (settingsFile == null) {
            return;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(settingsFile)) {
            p.load(in);
        }
        boolean changed = false;
        String format = p.getProperty("log.format", "").trim().toLowerCase(Locale.ROOT);
        if (!format.isEmpty()) {
            if (!format.equals("text") && !format.equals("json")) {
                throw new IllegalArgumentException(settingsFile + ": log.format must be text or json, not '"
                        + format + "'");
            }
            changed |= setUnlessGiven(FORMAT, format);
        }
        String level = p.getProperty("log.level", "").trim().toUpperCase(Locale.ROOT);
        if (!level.isEmpty()) {
            if (!Level.toLevel(level, Level.OFF).levelStr.equals(level)) {
                throw new IllegalArgumentException(settingsFile + ": log.level must be one of TRACE, DEBUG, INFO,"
                        + " WARN, ERROR, OFF, not '" + level + "'");
            }
            changed |= setUnlessGiven(LEVEL, level);
        }
        if (changed && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (ch.qos.logback.core.joran.spi.JoranException e) {
                throw new IllegalStateException("cannot reconfigure logging: " + e.getMessage(), e);
            }
        }
    }

    /** Writes out what is still queued (the asynchronous appender) and stops logging; for the end of the process. */
    static void drain() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    private static boolean setUnlessGiven(String property, String value) {
        if (System.getProperty(property) != null) {
            return false;
        }
        System.setProperty(property, value);
        return true;
    }
}
