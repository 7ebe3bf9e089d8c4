#!/usr/bin/env bash
# Standalone loops behind figures in docs/PERFORMANCE.md (2026-12-03 sections), each printing rates of variants side
# by side in one JVM. Needs a JDK 21+ (JAVA_HOME, default Temurin 25) and, for FirstForwards, a built jar.
#   src/bench/micro/micro.sh popcount WORDS [ROWS]   # AVX2 popcount loop shapes (add JAVA_OPTS=-XX:UseAVX=2), G words/s
#   src/bench/micro/micro.sh activation              # PReLU/ReLU/BN loops, ns an element
#   src/bench/micro/micro.sh threshold               # sign-threshold bit loops, ns an element
#   src/bench/micro/micro.sh pool                    # max pool row passes, scalar against PoolRows.active(), ns an element
#   src/bench/micro/micro.sh forwards BATCH N [PATH] # first N packed ResNet-18 forwards of a fresh JVM, ms each
#   src/bench/micro/micro.sh stem-gemm               # the ResNet-18 stem's GEMM on one thread, by band width, GFLOP/s
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"
jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp_jar="$(ls "$here"/target/xnornet-spark-*.jar 2>/dev/null | grep -v original | head -n 1 || true):$here/target/lib/*"
case "${1:?usage: micro.sh popcount|activation|threshold|pool|forwards|stem-gemm ...}" in
  popcount) main=PopcountLoops ;;
  activation) main=ActivationLoops ;;
  threshold) main=ThresholdLoops ;;
  pool) main=PoolLoops ;;
  forwards) main=FirstForwards ;;
  stem-gemm) main=StemGemm ;;
  *) echo "error: unknown loop set '$1': expected popcount, activation, threshold, pool, forwards or stem-gemm" >&2; exit 2 ;;
esac
shift
"$jdk/bin/javac" -nowarn --add-modules jdk.incubator.vector -cp "$cp_jar" -d "$work" "$here/src/bench/micro/$main.java" 2>&1 \
  | grep -v -E '^warning|incubating|^1 warning' || true
OPENBLAS_NUM_THREADS=1 "$jdk/bin/java" -Xmx10g ${JAVA_OPTS:-} --add-modules jdk.incubator.vector -cp "$work:$cp_jar" "$main" "$@" 2>&1 \
  | grep -v -E '^WARNING|InstanceBuilder|^INFO'
