#!/usr/bin/env bash
# Builds the project and runs the benchmarks; results go to benchmarks/target/results-*.txt.
# Not part of the tests. Usage: benchmarks/run.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
out=benchmarks/target
for threads in 1 4 16; do
  java -cp "$cp" org.openjdk.jmh.Main 'CallBenchmark' -t "$threads" "$@" | tee "$out/results-call-t$threads.txt"
done
java -cp "$cp" org.openjdk.jmh.Main 'EmulatorCeilingBenchmark' -t 16 "$@" | tee "$out/results-ceiling.txt"
java -cp "$cp" org.openjdk.jmh.Main 'HealthBenchmark' -t 4 "$@" | tee "$out/results-health.txt"
java -cp "$cp" io.github.vpcapi.benchmarks.HarnessMain 10 | tee "$out/results-harness.txt"
