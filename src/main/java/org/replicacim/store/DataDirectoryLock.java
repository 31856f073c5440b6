package org.replicacim.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory for the life of the process ({@code replicacim.lock}, an OS file lock
 * that the kernel releases when the process dies, even by SIGKILL): a second server on the same directory is
 * refused at start-up instead of corrupting the first one's state.
 */
public final class DataDirectoryLock implements AutoCloseable {
    /** The lock file's name inside the data directory. */
    public static final String FILE = "replicacim.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails with a message naming the process that holds it. */
    public static DataDirectoryLock acquire(Path dataDir, String owner) {
        Path file = dataDir.resolve(FILE);
        FileChannel ch = null;
        try {
            Files.createDirectories(dataDir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                l = null;
            }
            if (l == null) {
                String holder = readHolder(ch);
                ch.close();
                throw new StoreException("the data directory " + dataDir.toAbsolutePath()
                        + " is in use by another ReplicaCIM server" + (holder.isEmpty() ? "" : " (" + holder + ")")
                        + "; stop it first, or give this server its own data directory (data.dir)");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new DataDirectoryLock(ch, l);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new StoreException("cannot lock the data directory " + dataDir.toAbsolutePath() + ": " + e, e);
        }
    }

    private static String readHolder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512);
        int n = ch.read(b, 0);
        return n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).trim();
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock in any case
        }
    }
}
