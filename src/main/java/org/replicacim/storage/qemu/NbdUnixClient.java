package org.replicacim.storage.qemu;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * An NBD client for qemu-storage-daemon's export on a unix socket: fixed newstyle handshake with NBD_OPT_GO, one
 * request at a time (callers serialise). Data connections use simple replies; a bitmap connection negotiates
 * structured replies and one {@code qemu:dirty-bitmap:NAME} meta context and only asks for block status.
 */
final class NbdUnixClient implements AutoCloseable {
    private static final long NBDMAGIC = 0x4e42444d41474943L;
    private static final long IHAVEOPT = 0x49484156454F5054L;
    private static final long OPTION_REPLY_MAGIC = 0x0003e889045565a9L;
    private static final int REQUEST_MAGIC = 0x25609513;
    private static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    private static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;
    private static final int OPT_GO = 7;
    private static final int OPT_STRUCTURED_REPLY = 8;
    private static final int OPT_SET_META_CONTEXT = 10;
    private static final int REP_ACK = 1;
    private static final int REP_INFO = 3;
    private static final int REP_META_CONTEXT = 4;
    private static final int TX_READ_ONLY = 1 << 1;
    private static final int CMD_READ = 0;
    private static final int CMD_WRITE = 1;
    private static final int CMD_DISC = 2;
    private static final int CMD_FLUSH = 3;
    private static final int CMD_WRITE_ZEROES = 6;
    private static final int CMD_BLOCK_STATUS = 7;
    private static final int REPLY_FLAG_DONE = 1;
    private static final int REPLY_TYPE_BLOCK_STATUS = 5;
    private static final int EPERM = 1;
    /** QEMU's NBD server accepts up to 32 MiB per request; stay well below. */
    static final int MAX_REQUEST = 8 << 20;

    private final SocketChannel channel;
    private final DataInputStream in;
    private final DataOutputStream out;
    private long size;
    private int transmissionFlags;
    private int metaContextId = -1;
    private long handles;

    private NbdUnixClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 20));
        this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20));
    }

    /** Opens a data connection to {@code export}. */
    static NbdUnixClient connect(Path socket, String export) throws IOException {
        return open(socket, export, null);
    }

    /** Opens a connection that can read the dirty bitmap {@code bitmap} exported with {@code export}. */
    static NbdUnixClient connectBitmap(Path socket, String export, String bitmap) throws IOException {
        return open(socket, export, "qemu:dirty-bitmap:" + bitmap);
    }

    /** Opens a connection that reports allocation ({@code base:allocation}: flag 1 hole, flag 2 zero). */
    static NbdUnixClient connectAllocation(Path socket, String export) throws IOException {
        return open(socket, export, "base:allocation");
    }

    /** Receives the extents of a block status answer in order. */
    interface ExtentSink {
        void extent(long offset, long length, int flags);
    }

    private static NbdUnixClient open(Path socket, String export, String metaContext) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        NbdUnixClient client = new NbdUnixClient(channel);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            client.handshake(export, metaContext);
        } catch (IOException | RuntimeException e) {
            client.closeQuietly();
            throw e;
        }
        return client;
    }

    private void handshake(String export, String metaContext) throws IOException {
        if (in.readLong() != NBDMAGIC || in.readLong() != IHAVEOPT) {
            throw new IOException("not an NBD newstyle server");
        }
        in.readUnsignedShort();
        out.writeInt(3);
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        if (metaContext != null) {
            option(OPT_STRUCTURED_REPLY, new byte[0]);
            expectAck(OPT_STRUCTURED_REPLY);
            byte[] query = metaContext.getBytes(StandardCharsets.UTF_8);
            ByteBuffer data = ByteBuffer.allocate(4 + name.length + 4 + 4 + query.length);
            data.putInt(name.length).put(name).putInt(1).putInt(query.length).put(query);
            option(OPT_SET_META_CONTEXT, data.array());
            while (true) {
                Reply r = optionReply(OPT_SET_META_CONTEXT);
                if (r.type == REP_ACK) {
                    break;
                }
                if (r.type == REP_META_CONTEXT) {
                    metaContextId = ByteBuffer.wrap(r.data).getInt();
                }
            }
            if (metaContextId < 0) {
                throw new IOException("export " + export + " does not offer " + metaContext);
            }
        }
        ByteBuffer go = ByteBuffer.allocate(4 + name.length + 2);
        go.putInt(name.length).put(name).putShort((short) 0);
        option(OPT_GO, go.array());
        while (true) {
            Reply r = optionReply(OPT_GO);
            if (r.type == REP_ACK) {
                break;
            }
            if (r.type == REP_INFO && r.data.length >= 12 && ByteBuffer.wrap(r.data).getShort() == 0) {
                ByteBuffer info = ByteBuffer.wrap(r.data, 2, 10);
                size = info.getLong();
                transmissionFlags = info.getShort() & 0xffff;
            }
        }
    }

    private record Reply(int type, byte[] data) {
    }

    private void option(int option, byte[] data) throws IOException {
        out.writeLong(IHAVEOPT);
        out.writeInt(option);
        out.writeInt(data.length);
        out.write(data);
        out.flush();
    }

    private Reply optionReply(int option) throws IOException {
        if (in.readLong() != OPTION_REPLY_MAGIC) {
            throw new IOException("bad NBD option reply magic");
        }
        int replyOption = in.readInt();
        int type = in.readInt();
        int length = in.readInt();
        if (length < 0 || length > (1 << 20)) {
            throw new IOException("bad NBD option reply length " + length);
        }
        byte[] data = new byte[length];
        in.readFully(data);
        if (replyOption != option) {
            throw new IOException("NBD reply to option " + replyOption + " while waiting for " + option);
        }
        if ((type & 0x80000000) != 0) {
            throw new IOException("NBD server refused option " + option + " (error " + Integer.toHexString(type)
                    + "): " + new String(data, StandardCharsets.UTF_8));
        }
        return new Reply(type, data);
    }

    private void expectAck(int option) throws IOException {
        Reply r = optionReply(option);
        if (r.type != REP_ACK) {
            throw new IOException("NBD option " + option + " not acknowledged");
        }
    }

    long size() {
        return size;
    }

    boolean readOnly() {
        return (transmissionFlags & TX_READ_ONLY) != 0;
    }

    synchronized void read(long offset, ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            int n = Math.min(dst.remaining(), MAX_REQUEST);
            long handle = request(CMD_READ, offset, n, null, 0);
            simpleReply(handle, "read");
            if (dst.hasArray()) {
                in.readFully(dst.array(), dst.arrayOffset() + dst.position(), n);
                dst.position(dst.position() + n);
            } else {
                byte[] chunk = new byte[n];
                in.readFully(chunk);
                dst.put(chunk);
            }
            offset += n;
        }
    }

    synchronized void write(long offset, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), MAX_REQUEST);
            ByteBuffer piece = src.slice(src.position(), n);
            long handle = request(CMD_WRITE, offset, n, piece, 0);
            simpleReply(handle, "write");
            src.position(src.position() + n);
            offset += n;
        }
    }

    synchronized void writeZeroes(long offset, long length) throws IOException {
        while (length > 0) {
            int n = (int) Math.min(length, 1L << 30);
            simpleReply(request(CMD_WRITE_ZEROES, offset, n, null, 0), "write zeroes");
            offset += n;
            length -= n;
        }
    }

    synchronized void flush() throws IOException {
        simpleReply(request(CMD_FLUSH, 0, 0, null, 0), "flush");
    }

    /**
     * Reads the dirty bitmap of this connection's meta context over {@code [0, size)} into a bit set of
     * {@code granularity}-sized chunks; a chunk is set when any byte of it is dirty.
     */
    BitSet dirtyChunks(int granularity) throws IOException {
        BitSet dirty = new BitSet();
        extents((offset, length, flags) -> {
            if ((flags & 1) != 0 && length > 0) {
                dirty.set((int) (offset / granularity), (int) ((offset + length - 1) / granularity) + 1);
            }
        });
        return dirty;
    }

    /** Walks the block status of this connection's meta context over the whole export. */
    synchronized void extents(ExtentSink sink) throws IOException {
        if (metaContextId < 0) {
            throw new IllegalStateException("not a block status connection");
        }
        long offset = 0;
        while (offset < size) {
            int length = (int) Math.min(size - offset, 1L << 30);
            long handle = request(CMD_BLOCK_STATUS, offset, length, null, 0);
            long covered = offset;
            boolean done = false;
            while (!done) {
                if (in.readInt() != STRUCTURED_REPLY_MAGIC) {
                    throw new IOException("expected a structured NBD reply");
                }
                int flags = in.readUnsignedShort();
                int type = in.readUnsignedShort();
                long replyHandle = in.readLong();
                int payload = in.readInt();
                if (replyHandle != handle) {
                    throw new IOException("NBD reply for another request");
                }
                done = (flags & REPLY_FLAG_DONE) != 0;
                if ((type & 0x8000) != 0) {
                    int error = in.readInt();
                    in.skipNBytes(payload - 4);
                    throw new IOException("NBD block status failed with error " + error);
                }
                if (type != REPLY_TYPE_BLOCK_STATUS) {
                    in.skipNBytes(payload);
                    continue;
                }
                in.readInt();
                for (int i = 0; i < (payload - 4) / 8; i++) {
                    long extent = in.readInt() & 0xffffffffL;
                    int status = in.readInt();
                    long clipped = Math.min(extent, size - covered);
                    if (clipped > 0) {
                        sink.extent(covered, clipped, status);
                    }
                    covered += extent;
                }
            }
            if (covered <= offset) {
                throw new IOException("NBD block status made no progress at " + offset);
            }
            offset = covered;
        }
    }

    private long request(int type, long offset, int length, ByteBuffer data, int flags) throws IOException {
        long handle = ++handles;
        out.writeInt(REQUEST_MAGIC);
        out.writeShort(flags);
        out.writeShort(type);
        out.writeLong(handle);
        out.writeLong(offset);
        out.writeInt(length);
        if (data != null) {
            if (data.hasArray()) {
                out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            } else {
                byte[] copy = new byte[data.remaining()];
                data.duplicate().get(copy);
                out.write(copy);
            }
        }
        out.flush();
        return handle;
    }

    private void simpleReply(long handle, String what) throws IOException {
        if (in.readInt() != SIMPLE_REPLY_MAGIC) {
            throw new IOException("bad NBD reply magic");
        }
        int error = in.readInt();
        if (in.readLong() != handle) {
            throw new IOException("NBD reply for another request");
        }
        if (error == EPERM) {
            throw new AccessDeniedException("NBD " + what + " refused: export is read-only");
        }
        if (error != 0) {
            throw new IOException("NBD " + what + " failed with error " + error);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (channel.isOpen()) {
                request(CMD_DISC, 0, 0, null, 0);
            }
        } catch (IOException e) {
            // The server may already be gone; closing the socket is what matters.
        } finally {
            channel.close();
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
