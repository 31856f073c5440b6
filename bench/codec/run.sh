#!/usr/bin/env bash
# JMH: parse and write throughput of a 10,000-instance EnumerateInstances response next to a plain StAX scan of the
# same bytes (the baseline). Prints documents/s and MB/s per benchmark and the ratios to the baseline.
# Usage: bench/codec/run.sh [extra JMH args]    (about 90 s; loopback-free, CPU only)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -o -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
out=target/bench-codec.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-cp.txt)" org.openjdk.jmh.Main CimXmlCodecBenchmark \
    -f 1 -wi 3 -i 5 -w 2s -r 2s "$@" | tee "$out"
awk '/^document: / { bytes = $4 }
     /CimXmlCodecBenchmark\.(parse|write|staxScan) +thrpt/ { split($1, a, "."); s[a[2]] = $4 }
     END {
       if (!s["staxScan"]) exit 1
       for (k in s) printf "%-9s %8.2f docs/s %8.1f MB/s  ratio to StAX scan %.2f\n", k, s[k], s[k] * bytes / 1e6, s[k] / s["staxScan"]
     }' "$out"
