package org.replicacim.storage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Minimal NBD client for tests: fixed newstyle, NBD_OPT_GO, simple replies, one request at a time. */
public final class NbdTestClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final long size;
    private final int flags;
    private long handles;

    private NbdTestClient(Socket socket, DataInputStream in, DataOutputStream out, long size, int flags) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.size = size;
        this.flags = flags;
    }

    /** Thrown when the server answers a request with an NBD error number. */
    public static final class NbdError extends IOException {
        public final int errno;

        NbdError(int errno) {
            super("NBD error " + errno);
            this.errno = errno;
        }
    }

    public static NbdTestClient connect(int port, String export) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(60_000);
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 20));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 20));
        try {
            if (in.readLong() != 0x4e42444d41474943L || in.readLong() != 0x49484156454F5054L) {
                throw new IOException("not an NBD newstyle server");
            }
            in.readUnsignedShort();
            out.writeInt(3);
            byte[] name = export.getBytes(StandardCharsets.UTF_8);
            out.writeLong(0x49484156454F5054L);
            out.writeInt(7);
            out.writeInt(4 + name.length + 2);
            out.writeInt(name.length);
            out.write(name);
            out.writeShort(0);
            out.flush();
            long size = -1;
            int flags = 0;
            while (true) {
                if (in.readLong() != 0x0003e889045565a9L) {
                    throw new IOException("bad option reply magic");
                }
                in.readInt();
                int type = in.readInt();
                int length = in.readInt();
                byte[] data = in.readNBytes(length);
                if (type == 1) {
                    break;
                }
                if (type < 0) {
                    throw new IOException("NBD_OPT_GO refused (" + Integer.toHexString(type) + "): "
                            + new String(data, StandardCharsets.UTF_8));
                }
                if (type == 3 && data.length >= 12 && data[0] == 0 && data[1] == 0) {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data);
                    b.getShort();
                    size = b.getLong();
                    flags = Short.toUnsignedInt(b.getShort());
                }
            }
            return new NbdTestClient(socket, in, out, size, flags);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public long size() {
        return size;
    }

    public boolean readOnly() {
        return (flags & 2) != 0;
    }

    private long request(int type, long offset, int length, byte[] payload) throws IOException {
        long handle = ++handles;
        out.writeInt(0x25609513);
        out.writeShort(0);
        out.writeShort(type);
        out.writeLong(handle);
        out.writeLong(offset);
        out.writeInt(length);
        if (payload != null) {
            out.write(payload, 0, length);
        }
        out.flush();
        if (in.readInt() != 0x67446698) {
            throw new IOException("bad reply magic");
        }
        int error = in.readInt();
        long replyHandle = in.readLong();
        if (replyHandle != handle) {
            throw new IOException("reply for handle " + replyHandle + ", expected " + handle);
        }
        if (error != 0) {
            throw new NbdError(error);
        }
        return handle;
    }

    public void write(long offset, byte[] data) throws IOException {
        for (int at = 0; at < data.length; at += 8 << 20) {
            int n = Math.min(8 << 20, data.length - at);
            byte[] part = at == 0 && n == data.length ? data : java.util.Arrays.copyOfRange(data, at, at + n);
            request(1, offset + at, n, part);
        }
    }

    public byte[] read(long offset, int length) throws IOException {
        request(0, offset, length, null);
        byte[] data = new byte[length];
        in.readFully(data);
        return data;
    }

    public void flush() throws IOException {
        request(3, 0, 0, null);
    }

    public void trim(long offset, int length) throws IOException {
        request(4, offset, length, null);
    }

    /** SHA-256 of the whole export, read in 4 MiB pieces. */
    public String sha256() throws IOException {
        return sha256(0, size);
    }

    public String sha256(long offset, long length) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (long at = offset; at < offset + length; at += 4 << 20) {
            int n = (int) Math.min(4 << 20, offset + length - at);
            digest.update(read(at, n));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() throws IOException {
        try {
            out.writeInt(0x25609513);
            out.writeShort(0);
            out.writeShort(2);
            out.writeLong(++handles);
            out.writeLong(0);
            out.writeInt(0);
            out.flush();
        } catch (IOException e) {
            // The server may already have gone; closing the socket is what matters.
        } finally {
            socket.close();
        }
    }
}
