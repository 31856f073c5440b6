#!/bin/sh
# Copy-rate benchmark of both block engines (file, qemu-storage-daemon) next to dd on the same file system, in the
# same run: every copy kind ROUNDS times, interleaved with dd copies of the same bytes, medians and their ratio.
# Usage: bench/storage/run.sh [data-dir] [size-MiB] [resync-MiB] [rounds]
# ENGINES (environment) picks engines: "file qemu-false qemu-true" (qemu-<directIo>) by default.
set -eu
cd "$(dirname "$0")/../.."
DIR=${1:-target/storage-bench}
SIZE_MIB=${2:-1024}
RESYNC_MIB=${3:-256}
ROUNDS=${4:-3}
ENGINES=${ENGINES:-file qemu-false qemu-true}
rm -rf "$DIR"
mkdir -p "$DIR"

mvn -o -B -q test-compile
mvn -o -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$DIR/classpath.txt"
CP="target/classes:target/test-classes:$(cat "$DIR/classpath.txt")"
OUT="$DIR/out.txt"
: > "$OUT"

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), $ROUNDS rounds, volume $SIZE_MIB MiB, resync $RESYNC_MIB MiB"
echo "file system: $(df -hT "$DIR" | tail -1)"
echo "load at start: $(cat /proc/loadavg)"
START=$(date +%s)
for ENGINE in $ENGINES; do
    case $ENGINE in
    file)
        java -Xmx1g -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
            org.replicacim.storage.file.CopyBenchmark "$DIR/engine" "$ROUNDS" "$SIZE_MIB" "$RESYNC_MIB" 2>&1 \
            | grep -v -E 'DEBUG|INFO' | tee -a "$OUT"
        rm -rf "$DIR/engine"
        ;;
    qemu-*)
        if ! command -v qemu-storage-daemon >/dev/null 2>&1; then
            echo "qemu-storage-daemon not installed (apt-get install qemu-system-common): $ENGINE skipped"
            continue
        fi
        DIRECT=${ENGINE#qemu-}
        java -Xmx1g -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
            org.replicacim.storage.qemu.QemuCopyBenchmark "$DIR/qemu-$DIRECT" "$ROUNDS" "$SIZE_MIB" "$RESYNC_MIB" \
            "$DIRECT" 2>&1 | grep -v -E 'DEBUG|INFO' | tee -a "$OUT"
        rm -rf "$DIR/qemu-$DIRECT"
        ;;
    esac
done
echo "load at end: $(cat /proc/loadavg), $(( $(date +%s) - START )) s"
echo
echo "medians of $ROUNDS runs (MB/s); ratio = engine median / dd median; target >= 0.80"
printf '%-42s %8s  %-15s %8s %6s  %s\n' kind engine baseline dd ratio target
grep '^SUMMARY|' "$OUT" | awk -F'|' '{ printf "%-42s %8s  %-15s %8s %6s  %s\n", $2, $3, $4, $5, $6, $7 }'
rm -rf "$DIR"
