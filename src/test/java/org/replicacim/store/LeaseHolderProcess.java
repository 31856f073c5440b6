package org.replicacim.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link LeaderFailoverIT}: one server's store on a shared PostgreSQL database that writes a
 * heartbeat record in a transaction held open for 150 ms (so that a freeze most likely lands inside one), every
 * 200 ms while it may, and reports on stdout: {@code leader}, {@code follower HOLDER}, {@code wrote N} (first write
 * after a change), {@code refused MESSAGE} (first refusal after a change) and {@code failed MESSAGE}.
 *
 * <p>Arguments: {@code JDBC_URL USER PASSWORD DATA_DIR NAME}.
 */
public final class LeaseHolderProcess {
    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration RENEW = Duration.ofMillis(400);

    private LeaseHolderProcess() {
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        String name = args[4];
        Store store = Store.open(StoreConfig.postgres(args[0], args[1], args[2], Path.of(args[3]))
                .withLease(LEASE, RENEW).withNodeName(name));
        store.leadership().addListener((leader, holder) -> {
            synchronized (out) {
                out.println(leader ? "leader" : "follower " + holder);
                out.flush();
            }
        });
        synchronized (out) {
            out.println(store.leadership().isLeader() ? "leader" : "follower " + store.leadership().leader());
            out.flush();
        }
        Boolean lastWrote = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (long n = 0; System.nanoTime() < deadline; n++) {
            String line = null;
            try {
                long step = n;
                store.database().write(tx -> {
                    store.records().put(tx, "heartbeat", "hb", name + " " + step);
                    pause(150);
                    return null;
                });
                if (!Boolean.TRUE.equals(lastWrote)) {
                    line = "wrote " + n;
                }
                lastWrote = true;
            } catch (NotLeaderException e) {
                if (!Boolean.FALSE.equals(lastWrote)) {
                    line = "refused " + e.getMessage();
                }
                lastWrote = false;
            } catch (StoreException e) {
                line = "failed " + e.getMessage(); // e.g. the session was ended while this process was frozen
                lastWrote = null;
            }
            if (line != null) {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            }
            Thread.sleep(50);
        }
        store.close();
    }
}
