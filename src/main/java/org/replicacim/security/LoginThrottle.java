package org.replicacim.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing per client address: after {@code freeFailures} failed logins in a row an address is
 * refused for {@code baseBlock}, doubled with every further failure up to {@code maxBlock}; a success clears the
 * address. Failures older than {@code maxBlock} are forgotten. Thread-safe; the table is bounded.
 */
public final class LoginThrottle {
    private static final int MAX_ADDRESSES = 100_000;

    private record State(int failures, long blockedUntil, long lastFailure) {
    }

    private final int freeFailures;
    private final long baseBlockNanos;
    private final long maxBlockNanos;
    private final LongSupplier nanoClock;
    private final Map<String, State> byAddress = new ConcurrentHashMap<>();

    /** A throttle with the given policy, on {@link System#nanoTime()}. */
    public LoginThrottle(int freeFailures, Duration baseBlock, Duration maxBlock) {
        this(freeFailures, baseBlock, maxBlock, System::nanoTime);
    }

    /** A throttle on the given nanosecond clock (tests). */
    public LoginThrottle(int freeFailures, Duration baseBlock, Duration maxBlock, LongSupplier nanoClock) {
        if (freeFailures < 1 || baseBlock.isNegative() || maxBlock.compareTo(baseBlock) < 0) {
            throw new IllegalArgumentException("need freeFailures >= 1 and 0 <= baseBlock <= maxBlock");
        }
        this.freeFailures = freeFailures;
        this.baseBlockNanos = baseBlock.toNanos();
        this.maxBlockNanos = maxBlock.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Five free failures, then 30 s doubling up to 15 min. */
    public static LoginThrottle defaults() {
        return new LoginThrottle(5, Duration.ofSeconds(30), Duration.ofMinutes(15));
    }

    /** How long the address must still wait before it may try again; zero when it may try now. */
    public Duration blockedFor(String address) {
        State s = byAddress.get(address);
        if (s == null) {
            return Duration.ZERO;
        }
        long left = s.blockedUntil - nanoClock.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** Records a failed login from the address. */
    public void failed(String address) {
        long now = nanoClock.getAsLong();
        if (byAddress.size() >= MAX_ADDRESSES) {
            byAddress.values().removeIf(s -> now - s.lastFailure > maxBlockNanos && now - s.blockedUntil > 0);
            if (byAddress.size() >= MAX_ADDRESSES) {
                byAddress.clear();
            }
        }
        byAddress.compute(address, (a, s) -> {
            int failures = s == null || now - s.lastFailure > maxBlockNanos ? 1 : s.failures + 1;
            long until = now;
            if (failures >= freeFailures) {
                int doublings = Math.min(failures - freeFailures, 30);
                until = now + Math.min(maxBlockNanos, baseBlockNanos << doublings < 0 ? maxBlockNanos
                        : baseBlockNanos << doublings);
            }
            return new State(failures, until, now);
        });
    }

    /** Records a successful login: the address starts afresh. */
    public void succeeded(String address) {
        byAddress.remove(address);
    }
}
