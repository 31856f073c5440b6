#!/usr/bin/env bash
# A whole server's restart: a child JVM started on a data directory with 10,000 replication relationships (their
# target volumes in the file engine) and 10,000 finished jobs, timed until its first answer (which lists all the
# relationships), against the same start on an empty data directory. Prints medians and the ratio; exits 2 if the
# loaded start takes 5 s or more.
# Usage: bench/store/restart.sh [rows (10000)] [rounds (3)]    (about a minute; disk and CPU only)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -o -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-cp.txt)" \
    ${BENCH_OPTS:-} org.replicacim.bench.store.ServerRestartBenchmark "$@" | tee target/bench-restart.txt
