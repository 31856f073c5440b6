#!/usr/bin/env bash
# Large enumerations stream: EnumerateInstances of 100,000 static instances against the server jar started with
# -Xmx256m on a free loopback port. Reports time, answer size, the server's peak heap and RSS, and COMPLETED/FAILED.
# Usage: bench/http/large-enumeration.sh [instances=100000]      (a few minutes; stops itself after 15)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -o -B -DskipTests package
mvn -q -o -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
exec timeout 900 java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench-cp.txt)" \
    org.replicacim.bench.http.LargeEnumerationBenchmark "${1:-100000}" target/bench-large
