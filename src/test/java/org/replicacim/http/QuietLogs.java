package org.replicacim.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Keeps Jetty's debug chatter out of test output (no logback-test.xml on the shared test classpath). */
public final class QuietLogs {
    private QuietLogs() {
    }

    /** Sets the root logger to INFO and Jetty to WARN. */
    public static void apply() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.INFO);
        }
        if (LoggerFactory.getLogger("org.eclipse.jetty") instanceof Logger jetty) {
            jetty.setLevel(Level.WARN);
        }
    }
}
