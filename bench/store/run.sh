#!/usr/bin/env bash
# JMH: what a restart costs the durable store (open SQLite with 10,000 finished jobs and 10,000 relationship-sized
# records, load them all) next to plain JDBC reading the same rows (the baseline); and one durable job save next to
# a plain autocommit insert with the same synchronous=FULL settings. Prints ms per operation and the ratios.
# Usage: bench/store/run.sh [extra JMH args]    (about 2 minutes; disk and CPU only)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -o -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
out=target/bench-store.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-cp.txt)" org.openjdk.jmh.Main StoreRestartBenchmark \
    -f 1 -wi 3 -i 5 -w 2s -r 2s "$@" | tee "$out"
awk '/StoreRestartBenchmark\.[a-zA-Z]+ +avgt/ { split($1, a, "."); s[a[2]] = $4 }
     END {
       if (!s["restart"] || !s["rawScan"]) exit 1
       printf "restart   %8.2f ms  (plain JDBC scan %.2f ms; ratio %.2f)\n", s["restart"], s["rawScan"], s["restart"] / s["rawScan"]
       printf "saveJob   %8.3f ms  (plain insert %.3f ms; ratio %.2f)\n", s["saveJob"], s["rawInsert"], s["saveJob"] / s["rawInsert"]
     }' "$out"
