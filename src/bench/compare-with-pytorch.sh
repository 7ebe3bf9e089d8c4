#!/usr/bin/env bash
# Runs PyTorch (Debian python3-torch, the speed anchor in ../shared/anchors) and our `bench all` back to back
# in one session, then prints each of our numbers as a ratio of PyTorch's on the same work.
# Needs: apt-get install -y python3-torch python3-torchvision; a built checkout (mvn -B package -DskipTests).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
anchor="${ANCHOR:-$here/../shared/anchors/pytorch_resnet18.py}"
threads="${THREADS:-2}"
out="${OUT:-$(mktemp -d)}"
py=/usr/bin/python3

echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(date -u +%FT%TZ)"
# Clock: src/bench/clock.c (dependent adds, one per cycle).
gcc -O1 -o "$out/clock" "$here/src/bench/clock.c" && "$out/clock" | tee "$out/clock.txt"
avx512=$(grep -qw avx512f /proc/cpuinfo && echo yes || echo no)
echo "# AVX-512: $avx512; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} as this machine sets it"
echo "# pytorch anchor: $anchor (threads $threads)"
# The machine is shared and noisy: alternate PyTorch and ours for ROUNDS rounds and report medians of the
# per-round ratios.
rounds="${ROUNDS:-3}"
torch_gemm=$(cat <<'PY'
import sys, time, torch
torch.set_num_threads(int(sys.argv[1]))
for n in (512, 1024, 2048):
    a = torch.randn(n, n); b = torch.randn(n, n)
    torch.mm(a, b); torch.mm(a, b)
    reps = 5 if n < 2048 else 3
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); torch.mm(a, b); ts.append(time.perf_counter() - t)
    ts.sort()
    print(f"torch gemm n={n}: {2 * n ** 3 / ts[len(ts) // 2] / 1e9:.1f} GFLOP/s")
PY
)
for round in $(seq 1 "$rounds"); do
  echo "# round $round of $rounds"
  "$py" "$anchor" --threads "$threads" --batch 32 | tee "$out/torch-$round.txt"
  "$py" -c "$torch_gemm" "$threads" | tee -a "$out/torch-$round.txt"
  JAVA_OPTS="${JAVA_OPTS:--Xmx16g}" "$here/deploy/bin/xnornet" bench all --threads "$threads" | tee "$out/ours-$round.txt"
  if [ "$avx512" = yes ]; then
    # OpenBLAS 0.3.21's AVX-512 kernel, chosen explicitly (GemmTest checks its results: mvn -B test -Dtest=GemmTest).
    OPENBLAS_CORETYPE=SkylakeX JAVA_OPTS="${JAVA_OPTS:--Xmx16g}" "$here/deploy/bin/xnornet" bench all --threads "$threads" \
      | tee "$out/ours-avx512-$round.txt"
  else
    cp "$out/ours-$round.txt" "$out/ours-avx512-$round.txt"
  fi
done

"$py" - "$out" "$rounds" <<'PY'
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
read = lambda name: [open(f"{out}/{name}-{r}.txt").read() for r in range(1, rounds + 1)]
torch, ours, wide = read("torch"), read("ours"), read("ours-avx512")
ghz = float(re.search(r"clock_ghz ([\d.]+)", open(f"{out}/clock.txt").read()).group(1))
print(f"\nfloat32 peak at {ghz:.2f} GHz, 2 cores: AVX2 FMA {2 * 32 * ghz:.0f} GFLOP/s, AVX-512 FMA {2 * 64 * ghz:.0f} GFLOP/s")
print(f"medians over {rounds} alternating rounds; ratio = median of per-round ratios")
def num(pat, text):
    m = re.search(pat, text); return float(m.group(1)) if m else float("nan")
med = statistics.median
print("\n| work | PyTorch 1.13 | ours, OpenBLAS Haswell (as set here) | ratio | ours, OpenBLAS SkylakeX | ratio |")
print("|---|---|---|---|---|---|")
def row(name, tp, op, fmt="{:.1f}"):
    t = [num(tp, x) for x in torch]; a = [num(op, x) for x in ours]; b = [num(op, x) for x in wide]
    ra = med([x / y for x, y in zip(a, t)]); rb = med([x / y for x, y in zip(b, t)])
    print(f"| {name} | {fmt.format(med(t))} | {fmt.format(med(a))} | {ra:.2f} | {fmt.format(med(b))} | {rb:.2f} |")
for n in (512, 1024, 2048):
    row(f"GEMM n={n} (netlib), GFLOP/s", rf"torch gemm n={n}: ([\d.]+)", rf"gemm n={n}\s+netlib:\S+ ([\d.]+) GFLOP/s")
for c, h in ((64, 56), (128, 28), (256, 14), (512, 7)):
    for way in ("winograd", "im2col"):
        row(f"conv3x3 {c}@{h}² fwd ({way}), GFLOP/s", rf"conv3x3 {c}@{h}x{h} batch=32 fwd: [\d.]+ ms, ([\d.]+) GFLOP/s",
            rf"conv3x3 {c}@{h}x{h} batch=32 {way}\s+fwd [\d.]+ ms ([\d.]+) GFLOP/s")
tp = r"resnet18 fp32 train  batch=32: ([\d.]+) images/s"
row("binary ResNet-18 train vs PyTorch float, images/s", tp, r"resnet18 binary train batch=32 .*?: ([\d.]+) images/s", "{:.2f}")
row("our float twin train vs PyTorch float, images/s", tp, r"resnet18 float-twin train batch=32 .*?: ([\d.]+) images/s", "{:.2f}")
PY
