#!/usr/bin/env bash
# Counts the instructions per call of the bare SDK, the starter and the starter with metrics
# under valgrind's callgrind (InstructionCountMain), the emulator running in its own process.
# Not part of the tests. Usage: benchmarks/instructions.sh [warm-up calls] [calls per window] [rounds]
# Expects the project built (benchmarks/run.sh does it) and valgrind installed.
set -euo pipefail
cd "$(dirname "$0")/.."
warmup=${1:-4000}
calls=${2:-1000}
rounds=${3:-3}
out=benchmarks/target/callgrind
rm -rf "$out" && mkdir -p "$out"
[ -f benchmarks/target/bench.classpath ] ||
  mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
emulator_jar=$(ls vpc-api-ecs-emulator/target/vpc-api-ecs-emulator-*-all.jar)
port=$((20000 + RANDOM % 20000))
java -jar "$emulator_jar" --port "$port" --access-key bench-key:bench-secret --ca-out "$out/ca.pem" \
  >"$out/emulator.log" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$out/ca.pem" ] && break; sleep 0.1; done
valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file="$out/callgrind.out" \
  java -XX:+UseSerialGC -Xms1g -Xmx1g -Xmn128m -XX:+UnlockDiagnosticVMOptions -XX:-ImplicitNullChecks -cp "$cp" io.github.vpcapi.benchmarks.InstructionCountMain \
  "127.0.0.1:$port" "$out/ca.pem" "$warmup" "$calls" "$rounds" 2>"$out/valgrind.log" | tee "$out/windows.txt"
# Dumps are numbered in window order: bare, starter, starter with metrics, then again.
names=(bareSdk starter starterWithMetrics)
i=0
for dump in $(ls "$out"/callgrind.out.* | sort -t. -k3 -n); do
  total=$(grep -m1 -E '^(summary|totals):' "$dump" | awk '{print $2}')
  echo "${names[$((i % 3))]} $total $calls"
  i=$((i + 1))
done | sort -k1,1 -k2,2n | awk '
  { per = $2 / $3; v[$1, ++n[$1]] = per; sum[$1] += per; printf "%-20s %.0f instructions per call\n", $1, per }
  END {
    printf "\n%-20s %12s %12s %12s %12s %12s %12s\n", "client", "median", "min", "mean", "median/bare", "min/bare", "mean/bare"
    split("bareSdk starter starterWithMetrics", order, " ")
    for (k = 1; k <= 3; k++) {
      c = order[k]; m = n[c]
      # values arrive sorted: median and min by position
      med = (m % 2) ? v[c, (m + 1) / 2] : (v[c, m / 2] + v[c, m / 2 + 1]) / 2; lo = v[c, 1]
      mean = sum[c] / m
      if (k == 1) { bmed = med; blo = lo; bmean = mean }
      printf "%-20s %12.0f %12.0f %12.0f %12.3f %12.3f %12.3f\n", c, med, lo, mean, med / bmed, lo / blo, mean / bmean
    }
  }' | tee "$out/results.txt"
