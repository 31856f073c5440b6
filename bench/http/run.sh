#!/usr/bin/env bash
# Load benchmark of the CIM-XML endpoint next to plain Jetty serving the same answer bytes (the physical limit),
# loopback only. GetInstance, EnumerateInstances (1,000 instances) and GetCentralInstances at concurrency 1 and 8:
# requests/s, p50, p99 and the ratios. Both servers run as separate JVMs and are stopped at the end.
# Usage: bench/http/run.sh [warmup-s=3] [measure-s=5]      (about 2 minutes with the defaults)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -o -B -DskipTests package
mvn -q -o -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
exec timeout 900 java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench-cp.txt)" \
    org.replicacim.bench.http.LoadBenchmark "${1:-3}" "${2:-5}" target/bench-http
