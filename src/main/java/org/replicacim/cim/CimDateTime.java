package org.replicacim.cim;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A CIM datetime: a timestamp with a UTC offset in minutes, or an interval, in the 25-character DSP0004 form,
 * possibly with trailing asterisks that mark insignificant digits.
 */
public final class CimDateTime {
    private static final int LENGTH = 25;

    private final String text;
    private final boolean interval;

    private CimDateTime(String text, boolean interval) {
        this.text = text;
        this.interval = interval;
    }

    /** Parses the 25-character form; throws IllegalArgumentException naming the fault. */
    public static CimDateTime parse(String value) {
        Objects.requireNonNull(value, "datetime");
        String s = value.trim();
        if (s.length() != LENGTH) {
            throw new IllegalArgumentException("datetime must be 25 characters, got " + s.length() + ": '" + value + "'");
        }
        if (s.charAt(14) != '.') {
            throw new IllegalArgumentException("datetime lacks '.' at position 15: '" + value + "'");
        }
        char sign = s.charAt(21);
        boolean isInterval;
        if (sign == ':') {
            isInterval = true;
            if (!s.substring(22).equals("000")) {
                throw new IllegalArgumentException("interval must end with ':000': '" + value + "'");
            }
        } else if (sign == '+' || sign == '-') {
            isInterval = false;
            for (int i = 22; i < 25; i++) {
                if (!isDigit(s.charAt(i))) {
                    throw new IllegalArgumentException("datetime UTC offset must be three digits: '" + value + "'");
                }
            }
        } else {
            throw new IllegalArgumentException("datetime needs '+', '-' or ':' at position 22: '" + value + "'");
        }
        // Asterisks must form one run that ends at the last microsecond digit (index 20).
        int firstStar = -1;
        for (int i = 0; i < 21; i++) {
            char c = s.charAt(i);
            if (i == 14) {
                continue;
            }
            if (c == '*') {
                if (firstStar < 0) {
                    firstStar = i;
                }
            } else if (!isDigit(c)) {
                throw new IllegalArgumentException("datetime has '" + c + "' at position " + (i + 1) + ": '" + value + "'");
            } else if (firstStar >= 0) {
                throw new IllegalArgumentException("datetime asterisks must run to the end of the microseconds: '" + value + "'");
            }
        }
        if (isInterval) {
            checkField(s, 8, 10, 23, "hours", value);
            checkField(s, 10, 12, 59, "minutes", value);
            checkField(s, 12, 14, 60, "seconds", value);
        } else {
            checkRange(s, 4, 6, 1, 12, "month", value);
            checkRange(s, 6, 8, 1, 31, "day", value);
            checkField(s, 8, 10, 23, "hours", value);
            checkField(s, 10, 12, 59, "minutes", value);
            checkField(s, 12, 14, 60, "seconds", value);
        }
        return new CimDateTime(s, isInterval);
    }

    private static void checkField(String s, int from, int to, int max, String what, String value) {
        checkRange(s, from, to, 0, max, what, value);
    }

    private static void checkRange(String s, int from, int to, int min, int max, String what, String value) {
        String f = s.substring(from, to);
        if (f.indexOf('*') >= 0) {
            return;
        }
        int v = Integer.parseInt(f);
        if (v < min || v > max) {
            throw new IllegalArgumentException("datetime " + what + " out of range (" + f + "): '" + value + "'");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A timestamp for the given instant, written in UTC ({@code +000}). */
    public static CimDateTime of(Instant instant) {
        return of(instant.atOffset(ZoneOffset.UTC));
    }

    /** A timestamp with the date-time's own offset. */
    public static CimDateTime of(OffsetDateTime t) {
        int offsetMinutes = t.getOffset().getTotalSeconds() / 60;
        if (Math.abs(offsetMinutes) > 999) {
            throw new IllegalArgumentException("UTC offset too large: " + t.getOffset());
        }
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("year out of range: " + t.getYear());
        }
        String s = String.format("%04d%02d%02d%02d%02d%02d.%06d%c%03d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000,
                offsetMinutes < 0 ? '-' : '+', Math.abs(offsetMinutes));
        return new CimDateTime(s, false);
    }

    /** An interval of the given length (microsecond precision, at most 99,999,999 days). */
    public static CimDateTime interval(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative interval: " + d);
        }
        long days = d.toDays();
        if (days > 99_999_999L) {
            throw new IllegalArgumentException("interval too long: " + d);
        }
        Duration rest = d.minusDays(days);
        long hours = rest.toHours();
        rest = rest.minusHours(hours);
        long minutes = rest.toMinutes();
        rest = rest.minusMinutes(minutes);
        long seconds = rest.getSeconds();
        long micros = rest.getNano() / 1000;
        return new CimDateTime(String.format("%08d%02d%02d%02d.%06d:000", days, hours, minutes, seconds, micros), true);
    }

    public boolean isInterval() {
        return interval;
    }

    public boolean isTimestamp() {
        return !interval;
    }

    /** Whether some digits are asterisks (reduced precision). */
    public boolean hasWildcards() {
        return text.indexOf('*') >= 0;
    }

    /** The instant of a timestamp without wildcards. */
    public Instant toInstant() {
        return toOffsetDateTime().toInstant();
    }

    /** The timestamp as an OffsetDateTime; asterisks read as zero (or 1 for month and day). */
    public OffsetDateTime toOffsetDateTime() {
        if (interval) {
            throw new IllegalStateException("an interval is not a point in time: " + text);
        }
        String s = text.replace('*', '0');
        int month = Math.max(1, Integer.parseInt(s.substring(4, 6)));
        int day = Math.max(1, Integer.parseInt(s.substring(6, 8)));
        int seconds = Math.min(59, Integer.parseInt(s.substring(12, 14)));
        int offset = Integer.parseInt(s.substring(22, 25)) * (s.charAt(21) == '-' ? -1 : 1);
        int offsetSeconds = Math.max(-18 * 3600, Math.min(18 * 3600, offset * 60));
        return OffsetDateTime.of(Integer.parseInt(s.substring(0, 4)), month, day,
                Integer.parseInt(s.substring(8, 10)), Integer.parseInt(s.substring(10, 12)), seconds,
                Integer.parseInt(s.substring(15, 21)) * 1000, ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    /** The length of an interval; asterisks read as zero. */
    public Duration toDuration() {
        if (!interval) {
            throw new IllegalStateException("a timestamp is not an interval: " + text);
        }
        String s = text.replace('*', '0');
        return Duration.ofDays(Long.parseLong(s.substring(0, 8)))
                .plusHours(Integer.parseInt(s.substring(8, 10)))
                .plusMinutes(Integer.parseInt(s.substring(10, 12)))
                .plusSeconds(Integer.parseInt(s.substring(12, 14)))
                .plusNanos(Long.parseLong(s.substring(15, 21)) * 1000);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CimDateTime other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The canonical 25-character form. */
    @Override
    public String toString() {
        return text;
    }
}
