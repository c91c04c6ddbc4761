#!/usr/bin/env bash
# Builds the project and runs the benchmarks; results go to benchmarks/target/results-*.txt.
# Not part of the tests. Usage: benchmarks/run.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
out=benchmarks/target
# Per-call cost, three ways: instructions (callgrind; needs valgrind), the caller's CPU time, JMH throughput.
if command -v valgrind >/dev/null; then
  benchmarks/instructions.sh 6000 1000 2 | tee "$out/results-instructions.txt"
else
  echo "valgrind not installed: instruction counts skipped" | tee "$out/results-instructions.txt"
fi
java -cp "$cp" io.github.vpcapi.benchmarks.PerCallCostMain 100 200 10000 | tee "$out/results-cpu.txt"
for threads in 1 4 16; do
  java -cp "$cp" org.openjdk.jmh.Main 'CallBenchmark' -t "$threads" "$@" | tee "$out/results-call-t$threads.txt"
done
java -cp "$cp" org.openjdk.jmh.Main 'EmulatorCeilingBenchmark' -t 16 "$@" | tee "$out/results-ceiling.txt"
java -cp "$cp" org.openjdk.jmh.Main 'HealthBenchmark' -t 4 "$@" | tee "$out/results-health.txt"
java -cp "$cp" io.github.vpcapi.benchmarks.HarnessMain | tee "$out/results-harness.txt"
java -cp "$cp" io.github.vpcapi.benchmarks.startup.FreshJvmStartupMain 20 | tee "$out/results-startup.txt"
