package org.replicacim.bench.security;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.replicacim.app.ReplicaCimServer;
import org.replicacim.app.ServerConfig;
import org.replicacim.client.Credentials;
import org.replicacim.client.WbemClient;
import org.replicacim.repository.ClassRepository;
import org.replicacim.security.PasswordHash;
import org.replicacim.security.Role;
import org.replicacim.security.TlsKeyStore;
import org.replicacim.security.UserFile;

/**
 * What security costs per request, measured in one run against one server: EnumerateInstanceNames of volumes over
 * plain HTTP without credentials (the baseline), over HTTP with Basic credentials (authentication and authorization;
 * the PBKDF2 check is remembered after the first login), and over HTTPS with Basic credentials (keep-alive TLS); plus
 * the cost of one uncached PBKDF2 check at the default iteration count. Usage: {@code AuthOverheadBenchmark [threads]
 * [requests per thread] [rounds]}.
 */
public final class AuthOverheadBenchmark {
    private AuthOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int perThread = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path dir = Files.createTempDirectory("replicacim-authbench");
        UserFile users = new UserFile(dir.resolve("users"));
        users.add("rita", Role.READER, "reader-password".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);
        try (ReplicaCimServer server = ReplicaCimServer.start(ServerConfig.defaults().withHttpPort(0).withNbdPort(-1)
                .withDataDir(dir).withHostName("localhost").with("security.anonymousLoopback", "true")
                .with("https.port", "0"))) {
            for (int i = 0; i < 5; i++) {
                server.backend().createVolume(server.backend().pools().get(0).id(), "bench-" + i, 1L << 20);
            }
            SSLContext trust = WbemClient.trusting(dir.resolve(TlsKeyStore.CERTIFICATE_PEM));
            URI http = URI.create("http://127.0.0.1:" + server.httpPort());
            URI https = URI.create("https://127.0.0.1:" + server.httpsPort() + "/cimom");
            Credentials rita = new Credentials("rita", "reader-password");
            // warm-up of every path, then three rounds each, interleaved so that machine noise hits all alike
            int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
            double[] anon = new double[rounds];
            double[] basic = new double[rounds];
            double[] tls = new double[rounds];
            run(threads, perThread / 4, () -> WbemClient.connect(http));
            run(threads, perThread / 4, () -> WbemClient.connect(http, rita));
            run(threads, perThread / 4, () -> WbemClient.connect(https, rita, ClassRepository.STORAGE,
                    Duration.ofSeconds(60), trust));
            for (int round = 0; round < rounds; round++) {
                // the order rotates per round, so that no mode always runs first (after another mode's clean-up)
                for (int k = 0; k < 3; k++) {
                    switch ((round + k) % 3) {
                        case 0 -> anon[round] = run(threads, perThread, () -> WbemClient.connect(http));
                        case 1 -> basic[round] = run(threads, perThread, () -> WbemClient.connect(http, rita));
                        default -> tls[round] = run(threads, perThread, () -> WbemClient.connect(https, rita,
                                ClassRepository.STORAGE, Duration.ofSeconds(60), trust));
                    }
                }
            }
            double a = median(anon);
            double b = median(basic);
            double t = median(tls);
            System.out.printf("requests/s (median of %d rounds, %d threads x %d): http anonymous %.0f; http basic %.0f (%.2fx);"
                    + " https basic %.0f (%.2fx)%n", rounds, threads, perThread, a, b, b / a, t, t / a);
        }
        PasswordHash h = PasswordHash.create("reader-password".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);
        h.matches("x".toCharArray());
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            h.matches("reader-password".toCharArray());
        }
        System.out.printf("one uncached PBKDF2-HMAC-SHA256 check at %d iterations: %.0f ms%n",
                PasswordHash.DEFAULT_ITERATIONS, (System.nanoTime() - t0) / 5 / 1e6);
    }

    private interface ClientFactory {
        WbemClient open();
    }

    private static double run(int threads, int perThread, ClientFactory factory) throws Exception {
        AtomicLong failures = new AtomicLong();
        List<Thread> list = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread th = new Thread(() -> {
                try (WbemClient c = factory.open()) {
                    for (int n = 0; n < perThread; n++) {
                        c.enumerateInstanceNames(ClassRepository.STORAGE, "MSISCSITARGET_StorageVolume");
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    e.printStackTrace();
                }
            });
            list.add(th);
            th.start();
        }
        for (Thread th : list) {
            th.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " threads failed");
        }
        return threads * (double) perThread / ((System.nanoTime() - t0) / 1e9);
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }
}
