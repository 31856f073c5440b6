package org.replicacim.storage.qemu;

import org.replicacim.storage.PropertiesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

import org.replicacim.storage.PoolId;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;
import org.replicacim.storage.qemu.QemuBackendConfig.ImageFormat;

/** The engine's record of one volume: its image file and the metadata file that publishes it. */
final class QemuVolume {
    static final int BLOCK_SIZE = 512;

    final VolumeId id;
    final PoolId pool;
    final String name;
    long size;
    ImageFormat format;
    /** The pair that allocated this volume as its target, or empty; an owned volume without its pair is removed. */
    String owner;
    /** Current NBD export id in the daemon, or null when the volume has none. */
    String exportId;
    boolean exportWritable;
    int openDevices;

    QemuVolume(VolumeId id, PoolId pool, String name, long size, ImageFormat format, String owner) {
        this.id = id;
        this.pool = pool;
        this.name = name;
        this.size = size;
        this.format = format;
        this.owner = owner;
    }

    String node() {
        return "n" + id.value();
    }

    String fileNode() {
        return "f" + id.value();
    }

    Path image(Path directory) {
        return directory.resolve(id.value() + format.suffix());
    }

    static Path metadata(Path directory, VolumeId id) {
        return directory.resolve(id.value() + ".properties");
    }

    void save(Path directory) throws IOException {
        Properties p = new Properties();
        p.setProperty("pool", pool.value());
        p.setProperty("name", name == null ? "" : name);
        p.setProperty("size", Long.toString(size));
        p.setProperty("format", format.name());
        p.setProperty("owner", owner);
        PropertiesFile.write(metadata(directory, id), p);
    }

    static QemuVolume load(Path directory, VolumeId id) throws IOException {
        Properties p = PropertiesFile.read(metadata(directory, id));
        return new QemuVolume(id, PoolId.of(p.getProperty("pool")), p.getProperty("name", ""),
                Long.parseLong(p.getProperty("size")), ImageFormat.valueOf(p.getProperty("format")),
                p.getProperty("owner", ""));
    }

    Volume describe(long allocated) {
        return new Volume(id, pool, name, size, BLOCK_SIZE, allocated);
    }
}
