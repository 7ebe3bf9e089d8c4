#!/usr/bin/env bash
# The inference sitting behind docs/PERFORMANCE.md's target tables, ours beside PyTorch's anchor round by round:
#   ROUNDS rounds (default 3) of `bench infer` (packed ResNet-18 at batch 32 and 1, our float twin) each followed by
#   ../shared/anchors/pytorch_resnet18.py at batch 32 (it prints batch 32 and batch 1 inference); then `bench binary`
#   (binary 3x3 convolutions against our float ones). AVX2=1 holds both sides to AVX2, as an AVX-512 machine can:
#   the JIT with -XX:UseAVX=2 (the csa256 popcount path), OpenBLAS Haswell, PyTorch ATEN_CPU_CAPABILITY=avx2 and
#   ONEDNN_MAX_CPU_ISA=AVX2. Needs a built checkout (mvn -B package -DskipTests), a JDK 21+ (JAVA_HOME, default
#   Temurin 25) and python3-torch. The clock is read at the start and the end (src/bench/clock.c).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
anchor="${ANCHOR:-$here/../shared/anchors/pytorch_resnet18.py}"
rounds="${ROUNDS:-3}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
/usr/bin/python3 -c 'import torch, torchvision' 2>/dev/null \
  || { echo "error: the anchor needs Debian's python3-torch and python3-torchvision (apt-get install -y python3-torch python3-torchvision)" >&2; exit 2; }
[ -x "$JAVA_HOME/bin/java" ] || { echo "error: JAVA_HOME=$JAVA_HOME has no bin/java (a JDK 21+ is needed)" >&2; exit 2; }
gcc -O1 -o "$work/clock" "$here/src/bench/clock.c"
ours=(env)
torch=(env)
if [ "${AVX2:-0}" = 1 ]; then
  ours=(env JAVA_TOOL_OPTIONS=-XX:UseAVX=2 OPENBLAS_CORETYPE=Haswell)
  torch=(env ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2)
fi
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, flags:" \
  "$(grep -o -w -E 'avx2|avx512f|avx512_vpopcntdq' /proc/cpuinfo | sort -u | xargs); AVX2 held: ${AVX2:-0};" \
  "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}; $(git -C "$here" rev-parse --short HEAD)"
echo "# $(date -u +%T) $("$work/clock")"
for r in $(seq 1 "$rounds"); do
  echo "## round $r $(date -u +%T)"
  "${ours[@]}" JAVA_OPTS=-Xmx10g "$here/deploy/bin/xnornet" bench infer --reps 5 2>&1 | grep -E '^resnet18|popcount'
  "${torch[@]}" /usr/bin/python3 "$anchor" --threads 2 --batch 32 2>&1 | grep -i -E 'infer'
done
echo "## bench binary $(date -u +%T)"
"${ours[@]}" JAVA_OPTS=-Xmx8g "$here/deploy/bin/xnornet" bench binary --reps 7 2>&1 | grep -E '^binary3x3.*batch=32|popcount'
echo "# $(date -u +%T) $("$work/clock")"
