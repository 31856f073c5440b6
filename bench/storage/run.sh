#!/bin/sh
# Copy-rate benchmark of the file engine next to dd on the same file system, in the same run.
# Usage: bench/storage/run.sh [data-dir] [size-MiB] [resync-MiB]
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

echo "file system: $(df -h "$DIR" | tail -1)"
# dd through the page cache with one fsync at the end: the same durability the engine's copy gives
# (buffered writes, fsync at checkpoints and at the end).
DD_OUT=$(dd if=/dev/zero of="$DIR/dd.img" bs=1M count="$SIZE_MIB" conv=fsync 2>&1 | tail -1)
echo "dd (bs=1M conv=fsync): $DD_OUT"
DD_DIRECT=$(dd if=/dev/zero of="$DIR/dd-direct.img" bs=1M count="$SIZE_MIB" oflag=direct 2>&1 | tail -1)
echo "dd (bs=1M oflag=direct, for reference): $DD_DIRECT"
rm -f "$DIR/dd.img" "$DIR/dd-direct.img"
# dd prints e.g. "1073741824 bytes (1.1 GB, 1.0 GiB) copied, 3.2 s, 335 MB/s"; recompute MB/s from bytes and seconds.
DD_MBPS=$(echo "$DD_OUT" | awk -F', ' '{ split($1, b, " "); split($3, s, " "); printf "%.1f", b[1] / 1e6 / s[1] }')

java -Xmx1g -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    org.replicacim.storage.file.CopyBenchmark "$DIR/engine" "$DD_MBPS" "$SIZE_MIB" "$RESYNC_MIB" 2>&1 \
    | grep -v -E 'DEBUG|INFO'
rm -rf "$DIR"
