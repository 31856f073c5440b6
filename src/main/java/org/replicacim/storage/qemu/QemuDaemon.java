package org.replicacim.storage.qemu;

import org.replicacim.storage.PropertiesFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One qemu-storage-daemon: either a child process ReplicaCIM started (with a QMP socket and an NBD server on unix
 * sockets in its run directory) or a daemon someone else runs, attached through its QMP socket.
 *
 * <p>Crash behaviour: the pid of a started daemon is kept in {@code qsd.pid}; a daemon left behind by a killed
 * JVM is found by {@link #stopOrphan} on the next start and told to quit, which flushes its images and stores
 * persistent bitmaps. {@code daemon.state} says whether the last daemon ended by a clean quit.
 */
final class QemuDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QemuDaemon.class);

    private final Optional<Process> process;
    private final QmpClient qmp;
    private final Path nbdSocket;
    private boolean nbdRunning;
    private boolean startedNbd;

    private QemuDaemon(Optional<Process> process, QmpClient qmp, Path nbdSocket, boolean nbdRunning) {
        this.process = process;
        this.qmp = qmp;
        this.nbdSocket = nbdSocket;
        this.nbdRunning = nbdRunning;
    }

    /**
     * Starts the NBD server on the unix socket, once. The engine calls this after the block graph and the jobs
     * are in place, so no host can write before copy-before-write and mirrors see the writes.
     */
    void startNbdServer() throws IOException {
        if (nbdRunning) {
            return;
        }
        boolean leftOver = Files.exists(nbdSocket);
        Files.deleteIfExists(nbdSocket);
        Map<String, Object> start = Json.obj("addr", Json.obj("type", "unix", "data",
                Json.obj("path", nbdSocket.toString())));
        try {
            qmp.execute("nbd-server-start", start);
        } catch (QmpException e) {
            if (!leftOver || process.isPresent()) {
                throw new IOException("the daemon's NBD server could not be started (if it runs already, "
                        + "configure its socket): " + e.getMessage(), e);
            }
            // An attached daemon still runs the server a killed predecessor started on our socket: restart it.
            LOG.warn("restarting the NBD server a previous run left in the attached daemon");
            qmp.execute("nbd-server-stop", Map.of());
            qmp.execute("nbd-server-start", start);
        }
        nbdRunning = true;
        startedNbd = true;
    }

    /** Starts a daemon with its sockets in {@code runDirectory}. */
    static QemuDaemon start(String binary, Path runDirectory) throws IOException {
        Path qmpSocket = runDirectory.resolve("qmp.sock");
        Path nbdSocket = runDirectory.resolve("nbd.sock");
        Files.deleteIfExists(qmpSocket);
        Files.deleteIfExists(nbdSocket);
        ProcessBuilder builder = new ProcessBuilder(List.of(binary,
                "--chardev", "socket,path=" + qmpSocket + ",server=on,wait=off,id=qmp0",
                "--monitor", "chardev=qmp0"));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(runDirectory.resolve("qsd.log").toFile()));
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + binary + " (install qemu-system-common): " + e.getMessage(), e);
        }
        writeState(runDirectory, "running");
        Files.writeString(runDirectory.resolve("qsd.pid"), Long.toString(p.pid()));
        QmpClient client = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        IOException last = null;
        while (client == null && System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException(binary + " exited at start with code " + p.exitValue() + "; see "
                        + runDirectory.resolve("qsd.log"));
            }
            if (Files.exists(qmpSocket)) {
                try {
                    client = QmpClient.connect(qmpSocket);
                } catch (IOException e) {
                    last = e;
                }
            }
            if (client == null) {
                sleep(20);
            }
        }
        if (client == null) {
            p.destroyForcibly();
            throw new IOException("no QMP socket from " + binary + " within 15 s", last);
        }
        LOG.info("started qemu-storage-daemon pid {} in {}", p.pid(), runDirectory);
        return new QemuDaemon(Optional.of(p), client, nbdSocket, false);
    }

    /** Attaches to a running daemon; starts its NBD server on {@code defaultNbd} unless one is configured. */
    static QemuDaemon attach(Path qmpSocket, Optional<Path> nbdSocket, Path defaultNbd) throws IOException {
        QmpClient client = QmpClient.connect(qmpSocket);
        Path nbd = nbdSocket.orElse(defaultNbd);
        LOG.info("attached to qemu-storage-daemon at {}", qmpSocket);
        return new QemuDaemon(Optional.empty(), client, nbd, nbdSocket.isPresent());
    }

    /**
     * Ends a daemon a previous run left behind (the JVM was killed, the child lived on): asks it to quit, kills
     * it if it does not. Returns whether the previous daemon ended cleanly (by quit, now or before).
     */
    static boolean stopOrphan(Path runDirectory) throws IOException {
        Path pidFile = runDirectory.resolve("qsd.pid");
        String state = readState(runDirectory);
        if (!Files.exists(pidFile)) {
            return !"running".equals(state);
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.contains("qemu-storage-daemon")).orElse(false));
        if (orphan.isEmpty()) {
            return !"running".equals(state);
        }
        LOG.warn("qemu-storage-daemon pid {} from a previous run is still alive; asking it to quit", pid);
        boolean clean = false;
        try (QmpClient client = QmpClient.connect(runDirectory.resolve("qmp.sock"))) {
            client.execute("quit", Map.of());
            clean = true;
        } catch (IOException e) {
            LOG.warn("orphan daemon did not take quit: {}", e.getMessage());
        }
        try {
            orphan.get().onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("orphan daemon pid {} did not exit; killing it", pid);
            orphan.get().destroyForcibly();
            clean = false;
            try {
                orphan.get().onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // nothing more can be done; the start of the new daemon will report any conflict
            }
        }
        writeState(runDirectory, clean ? "clean" : "killed");
        return clean;
    }

    QmpClient qmp() {
        return qmp;
    }

    Path nbdSocket() {
        return nbdSocket;
    }

    Optional<Process> process() {
        return process;
    }

    /** Quits a started daemon (flushing images and storing persistent bitmaps); detaches from an attached one. */
    void shutdown(Path runDirectory) throws IOException {
        if (process.isEmpty()) {
            if (startedNbd) {
                try {
                    qmp.execute("nbd-server-stop", Map.of());
                } catch (IOException e) {
                    LOG.debug("nbd-server-stop: {}", e.getMessage());
                }
            }
            qmp.close();
            return;
        }
        Process p = process.get();
        try {
            qmp.execute("quit", Map.of());
        } catch (IOException e) {
            LOG.debug("quit: {}", e.getMessage());
        }
        qmp.close();
        boolean clean;
        try {
            clean = p.waitFor(15, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        if (p.isAlive()) {
            p.destroyForcibly();
        }
        writeState(runDirectory, clean ? "clean" : "killed");
    }

    @Override
    public void close() {
        qmp.close();
    }

    private static void writeState(Path runDirectory, String state) throws IOException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("state", state);
        PropertiesFile.write(runDirectory.resolve("daemon.state"), p);
    }

    private static String readState(Path runDirectory) throws IOException {
        Path file = runDirectory.resolve("daemon.state");
        return Files.exists(file) ? PropertiesFile.read(file).getProperty("state", "") : "";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
