#!/bin/sh
# Copy-rate benchmark of both block engines (file, qemu-storage-daemon) next to dd on the same file system, in the
# same run. Usage: bench/storage/run.sh [data-dir] [size-MiB] [resync-MiB]
set -eu
cd "$(dirname "$0")/../.."
DIR=${1:-target/storage-bench}
SIZE_MIB=${2:-1024}
RESYNC_MIB=${3:-256}
rm -rf "$DIR"
mkdir -p "$DIR"

mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$DIR/classpath.txt"
CP="target/classes:target/test-classes:$(cat "$DIR/classpath.txt")"

# dd prints e.g. "1073741824 bytes (1.1 GB, 1.0 GiB) copied, 3.2 s, 335 MB/s"; recompute MB/s from bytes and seconds.
mbps() {
    echo "$1" | awk -F', ' '{ split($1, b, " "); split($3, s, " "); printf "%.1f", b[1] / 1e6 / s[1] }'
}

echo "file system: $(df -h "$DIR" | tail -1)"
echo "load: $(cat /proc/loadavg)"
# dd through the page cache with one fsync at the end: the same durability the engines' copies give
# (buffered writes, fsync at checkpoints and at the end). The machine is shared, so the best of three runs is the
# baseline: that makes the engines' ratios conservative.
DD_MBPS=0
for i in 1 2 3; do
    DD_OUT=$(dd if=/dev/zero of="$DIR/dd.img" bs=1M count="$SIZE_MIB" conv=fsync 2>&1 | tail -1)
    echo "dd write (bs=1M conv=fsync) run $i: $DD_OUT"
    rm -f "$DIR/dd.img"
    DD_MBPS=$(echo "$DD_MBPS $(mbps "$DD_OUT")" | awk '{ print ($2 > $1) ? $2 : $1 }')
done
# A copy reads as well as writes: dd of a file with random data (best of two).
dd if=/dev/urandom of="$DIR/dd-src.img" bs=1M count="$SIZE_MIB" conv=fsync status=none
DD_COPY_MBPS=0
for i in 1 2; do
    DD_COPY=$(dd if="$DIR/dd-src.img" of="$DIR/dd-copy.img" bs=1M conv=fsync 2>&1 | tail -1)
    echo "dd copy  (bs=1M conv=fsync) run $i: $DD_COPY"
    rm -f "$DIR/dd-copy.img"
    DD_COPY_MBPS=$(echo "$DD_COPY_MBPS $(mbps "$DD_COPY")" | awk '{ print ($2 > $1) ? $2 : $1 }')
done
DD_DIRECT=$(dd if=/dev/zero of="$DIR/dd-direct.img" bs=1M count="$SIZE_MIB" oflag=direct 2>&1 | tail -1)
echo "dd write (bs=1M oflag=direct, for reference): $DD_DIRECT"
rm -f "$DIR/dd-direct.img" "$DIR/dd-src.img"
echo "baselines: dd write $DD_MBPS MB/s, dd copy $DD_COPY_MBPS MB/s"

java -Xmx1g -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    org.replicacim.storage.file.CopyBenchmark "$DIR/engine" "$DD_MBPS" "$SIZE_MIB" "$RESYNC_MIB" 2>&1 \
    | grep -v -E 'DEBUG|INFO'
rm -rf "$DIR/engine"

if command -v qemu-storage-daemon >/dev/null 2>&1; then
    for DIRECT in false true; do
        java -Xmx1g -cp "$CP" org.replicacim.storage.qemu.QemuCopyBenchmark "$DIR/qemu-$DIRECT" "$DD_MBPS" \
            "$DD_COPY_MBPS" "$SIZE_MIB" "$RESYNC_MIB" "$DIRECT" 2>&1 | grep -v -E 'DEBUG|INFO'
        rm -rf "$DIR/qemu-$DIRECT"
    done
else
    echo "qemu-storage-daemon not installed (apt-get install qemu-system-common): qemu engine skipped"
fi
rm -rf "$DIR"
