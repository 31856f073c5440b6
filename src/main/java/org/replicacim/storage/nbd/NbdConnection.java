package org.replicacim.storage.nbd;

import static org.replicacim.storage.nbd.NbdProtocol.*;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;

/** One client: option haggling, then transmission on one export until DISC or disconnect. */
final class NbdConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NbdConnection.class);
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 30_000;

    private final Socket socket;
    private final BlockBackend backend;
    private DataInputStream in;
    private DataOutputStream out;
    private boolean noZeroes;
    private byte[] buffer = new byte[64 << 10];

    NbdConnection(Socket socket, BlockBackend backend) {
        this.socket = socket;
        this.backend = backend;
    }

    @Override
    public void run() {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 256 << 10));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 256 << 10));
            BlockDevice device = handshake();
            if (device == null) {
                return;
            }
            try (device) {
                socket.setSoTimeout(0);
                transmission(device);
            }
        } catch (NbdProtocolException e) {
            LOG.info("NBD client {} broke the protocol, disconnecting: {}", socket.getRemoteSocketAddress(),
                    e.getMessage());
        } catch (EOFException e) {
            LOG.debug("NBD client {} disconnected", socket.getRemoteSocketAddress());
        } catch (IOException e) {
            LOG.debug("NBD connection {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
        }
    }

    private BlockDevice handshake() throws IOException {
        out.writeLong(NBDMAGIC);
        out.writeLong(IHAVEOPT);
        out.writeShort(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES);
        out.flush();
        int clientFlags = in.readInt();
        if ((clientFlags & ~(CLIENT_FLAG_FIXED_NEWSTYLE | CLIENT_FLAG_NO_ZEROES)) != 0
                || (clientFlags & CLIENT_FLAG_FIXED_NEWSTYLE) == 0) {
            throw new NbdProtocolException("unsupported client flags 0x" + Integer.toHexString(clientFlags));
        }
        noZeroes = (clientFlags & CLIENT_FLAG_NO_ZEROES) != 0;
        while (true) {
            long magic = in.readLong();
            if (magic != IHAVEOPT) {
                throw new NbdProtocolException("bad option magic 0x" + Long.toHexString(magic));
            }
            int option = in.readInt();
            int length = in.readInt();
            if (length < 0 || length > MAX_OPTION) {
                throw new NbdProtocolException("option " + option + " with length " + Integer.toUnsignedString(length));
            }
            byte[] data = in.readNBytes(length);
            if (data.length != length) {
                throw new EOFException();
            }
            switch (option) {
                case OPT_EXPORT_NAME -> {
                    BlockDevice device = open(new String(data, StandardCharsets.UTF_8));
                    if (device == null) {
                        throw new NbdProtocolException("unknown export requested with NBD_OPT_EXPORT_NAME");
                    }
                    out.writeLong(device.size());
                    out.writeShort(transmissionFlags(device));
                    if (!noZeroes) {
                        out.write(new byte[124]);
                    }
                    out.flush();
                    return device;
                }
                case OPT_ABORT -> {
                    reply(option, REP_ACK, new byte[0]);
                    return null;
                }
                case OPT_LIST -> list(option, length);
                case OPT_INFO, OPT_GO -> {
                    BlockDevice device = info(option, data);
                    if (device != null) {
                        if (option == OPT_GO) {
                            return device;
                        }
                        device.close();
                    }
                }
                default -> replyError(option, REP_ERR_UNSUP, "option " + option + " is not supported");
            }
        }
    }

    private void list(int option, int length) throws IOException {
        if (length != 0) {
            replyError(option, REP_ERR_INVALID, "NBD_OPT_LIST takes no data");
            return;
        }
        List<Volume> volumes;
        try {
            volumes = backend.volumes();
        } catch (BackendException e) {
            replyError(option, REP_ERR_INVALID, e.getMessage());
            return;
        }
        for (Volume v : volumes) {
            byte[] name = v.id().value().getBytes(StandardCharsets.UTF_8);
            ByteBuffer data = ByteBuffer.allocate(4 + name.length).putInt(name.length).put(name);
            reply(option, REP_SERVER, data.array());
        }
        reply(option, REP_ACK, new byte[0]);
    }

    private BlockDevice info(int option, byte[] data) throws IOException {
        ByteBuffer request = ByteBuffer.wrap(data);
        if (request.remaining() < 4) {
            replyError(option, REP_ERR_INVALID, "truncated export name length");
            return null;
        }
        int nameLength = request.getInt();
        if (nameLength < 0 || nameLength > request.remaining() - 2) {
            replyError(option, REP_ERR_INVALID, "export name length " + nameLength + " exceeds the option");
            return null;
        }
        byte[] nameBytes = new byte[nameLength];
        request.get(nameBytes);
        int requests = Short.toUnsignedInt(request.getShort());
        if (request.remaining() != requests * 2) {
            replyError(option, REP_ERR_INVALID, "information request count does not match the option length");
            return null;
        }
        boolean wantName = false;
        boolean wantBlockSize = false;
        for (int i = 0; i < requests; i++) {
            int type = Short.toUnsignedInt(request.getShort());
            wantName |= type == INFO_NAME;
            wantBlockSize |= type == INFO_BLOCK_SIZE;
        }
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        BlockDevice device = open(name);
        if (device == null) {
            replyError(option, REP_ERR_UNKNOWN, "no export named '" + name + "'");
            return null;
        }
        reply(option, REP_INFO, ByteBuffer.allocate(12).putShort((short) INFO_EXPORT).putLong(device.size())
                .putShort((short) transmissionFlags(device)).array());
        if (wantName) {
            reply(option, REP_INFO, ByteBuffer.allocate(2 + nameBytes.length).putShort((short) INFO_NAME)
                    .put(nameBytes).array());
        }
        if (wantBlockSize) {
            reply(option, REP_INFO, ByteBuffer.allocate(14).putShort((short) INFO_BLOCK_SIZE).putInt(1)
                    .putInt(Math.max(4096, device.blockSize())).putInt(MAX_PAYLOAD).array());
        }
        reply(option, REP_ACK, new byte[0]);
        return device;
    }

    private BlockDevice open(String name) {
        try {
            return backend.openDevice(VolumeId.of(name));
        } catch (IllegalArgumentException | BackendException e) {
            return null;
        }
    }

    private static int transmissionFlags(BlockDevice device) {
        int flags = TX_HAS_FLAGS | TX_SEND_FLUSH | TX_SEND_FUA | TX_SEND_TRIM | TX_SEND_WRITE_ZEROES;
        return device.writable() ? flags : flags | TX_READ_ONLY;
    }

    private void reply(int option, int type, byte[] data) throws IOException {
        out.writeLong(OPTION_REPLY_MAGIC);
        out.writeInt(option);
        out.writeInt(type);
        out.writeInt(data.length);
        out.write(data);
        out.flush();
    }

    private void replyError(int option, int type, String message) throws IOException {
        reply(option, type, message.getBytes(StandardCharsets.UTF_8));
    }

    private void transmission(BlockDevice device) throws IOException {
        while (true) {
            int magic = in.readInt();
            if (magic != REQUEST_MAGIC) {
                throw new NbdProtocolException("bad request magic 0x" + Integer.toHexString(magic));
            }
            int flags = in.readUnsignedShort();
            int type = in.readUnsignedShort();
            long handle = in.readLong();
            long offset = in.readLong();
            long length = Integer.toUnsignedLong(in.readInt());
            switch (type) {
                case CMD_READ -> read(device, handle, offset, length);
                case CMD_WRITE -> write(device, handle, offset, length, flags);
                case CMD_DISC -> {
                    return;
                }
                case CMD_FLUSH -> simple(handle, () -> device.flush());
                case CMD_TRIM, CMD_WRITE_ZEROES -> simple(handle, () -> {
                    checkRange(device, offset, length);
                    device.trim(offset, length);
                    if ((flags & CMD_FLAG_FUA) != 0) {
                        device.flush();
                    }
                });
                case CMD_CACHE -> simple(handle, () -> checkRange(device, offset, length));
                default -> replyTo(handle, EINVAL);
            }
        }
    }

    private void read(BlockDevice device, long handle, long offset, long length) throws IOException {
        if (length > MAX_PAYLOAD) {
            replyTo(handle, EOVERFLOW);
            return;
        }
        if (offset < 0 || offset + length > device.size()) {
            replyTo(handle, EINVAL);
            return;
        }
        byte[] data = buffer(length);
        ByteBuffer dst = ByteBuffer.wrap(data, 0, (int) length);
        try {
            device.read(offset, dst);
        } catch (IOException e) {
            LOG.warn("NBD read of {} at {} failed", device.volumeId(), offset, e);
            replyTo(handle, EIO);
            return;
        }
        out.writeInt(SIMPLE_REPLY_MAGIC);
        out.writeInt(0);
        out.writeLong(handle);
        out.write(data, 0, (int) length);
        out.flush();
    }

    private void write(BlockDevice device, long handle, long offset, long length, int flags) throws IOException {
        if (length > MAX_PAYLOAD) {
            // The payload follows the header and cannot be skipped safely at this size.
            throw new NbdProtocolException("write of " + length + " bytes exceeds " + MAX_PAYLOAD);
        }
        byte[] data = buffer(length);
        in.readFully(data, 0, (int) length);
        if (offset < 0 || offset + length > device.size()) {
            replyTo(handle, ENOSPC);
            return;
        }
        simple(handle, () -> {
            device.write(offset, ByteBuffer.wrap(data, 0, (int) length));
            if ((flags & CMD_FLAG_FUA) != 0) {
                device.flush();
            }
        });
    }

    private static void checkRange(BlockDevice device, long offset, long length) throws IOException {
        if (offset < 0 || offset + length > device.size()) {
            throw new IllegalArgumentException("range outside the export");
        }
    }

    /** A command that replies with a status only. */
    private interface Command {
        void run() throws IOException;
    }

    private void simple(long handle, Command command) throws IOException {
        int error = 0;
        try {
            command.run();
        } catch (AccessDeniedException e) {
            error = EPERM;
        } catch (IllegalArgumentException e) {
            error = EINVAL;
        } catch (EOFException e) {
            error = ENOSPC;
        } catch (IOException e) {
            LOG.warn("NBD request failed: {}", e.toString());
            error = EIO;
        }
        replyTo(handle, error);
    }

    private void replyTo(long handle, int error) throws IOException {
        out.writeInt(SIMPLE_REPLY_MAGIC);
        out.writeInt(error);
        out.writeLong(handle);
        out.flush();
    }

    private byte[] buffer(long length) {
        if (buffer.length < length) {
            buffer = new byte[(int) Math.max(length, Math.min(MAX_PAYLOAD, buffer.length * 2L))];
        }
        return buffer;
    }
}
