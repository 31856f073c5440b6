#!/bin/sh
# Latency of synchronous replication calls over HTTP with many relationships (default 10,000), next to a
# GetInstance baseline measured in the same run. Usage: bench/replication/run.sh [relationships] [calls]
set -eu
cd "$(dirname "$0")/../.."
N=${1:-10000}
CALLS=${2:-2000}
DIR=target/replication-bench
rm -rf "$DIR"
mkdir -p "$DIR"

mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$DIR/classpath.txt"
CP="target/classes:target/test-classes:$(cat "$DIR/classpath.txt")"

echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1)"
java -Xmx2g -cp "$CP" -Dlogback.configurationFile=src/test/resources/logback-test.xml \
    org.replicacim.bench.replication.ReplicationLoadBenchmark "$DIR" "$N" "$CALLS"
rm -rf "$DIR"
