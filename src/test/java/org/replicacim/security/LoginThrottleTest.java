package org.replicacim.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(10), Duration.ofSeconds(60), now::get);

    @Test
    void blocksAnAddressAfterRepeatedFailuresAndDoublesTheWait() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertEquals(Duration.ZERO, throttle.blockedFor("10.0.0.1"));
        throttle.failed("10.0.0.1");
        assertEquals(Duration.ofSeconds(10), throttle.blockedFor("10.0.0.1"));
        assertEquals(Duration.ZERO, throttle.blockedFor("10.0.0.2"), "other addresses are not affected");
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertEquals(Duration.ZERO, throttle.blockedFor("10.0.0.1"));
        throttle.failed("10.0.0.1");
        assertEquals(Duration.ofSeconds(20), throttle.blockedFor("10.0.0.1"));
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.1");
        }
        assertTrue(throttle.blockedFor("10.0.0.1").compareTo(Duration.ofSeconds(60)) <= 0, "capped");
    }

    @Test
    void successClearsAndOldFailuresAreForgotten() {
        throttle.failed("a");
        throttle.failed("a");
        throttle.succeeded("a");
        throttle.failed("a");
        assertEquals(Duration.ZERO, throttle.blockedFor("a"));
        throttle.failed("a");
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        throttle.failed("a");
        assertEquals(Duration.ZERO, throttle.blockedFor("a"), "failures older than the longest block are forgotten");
    }
}
