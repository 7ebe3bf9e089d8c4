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
echo "# pytorch anchor: $anchor (threads $threads)"
"$py" "$anchor" --threads "$threads" --batch 32 | tee "$out/torch.txt"
"$py" - "$threads" <<'PY' | tee -a "$out/torch.txt"
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
JAVA_OPTS="${JAVA_OPTS:--Xmx16g}" "$here/deploy/bin/xnornet" bench all --threads "$threads" | tee "$out/ours.txt"

"$py" - "$out/torch.txt" "$out/ours.txt" <<'PY'
import re, sys
torch = open(sys.argv[1]).read(); ours = open(sys.argv[2]).read()
def num(pat, text):
    m = re.search(pat, text); return float(m.group(1)) if m else None
print("\n| work | ours | PyTorch 1.13 | ratio |\n|---|---|---|---|")
for n in (512, 1024, 2048):
    line = re.search(rf"gemm n={n} (.*)", ours).group(1)
    best = max(float(x) for x in re.findall(r"([\d.]+) GFLOP/s", line))
    t = num(rf"torch gemm n={n}: ([\d.]+)", torch)
    print(f"| GEMM n={n} (best backend), GFLOP/s | {best:.1f} | {t:.1f} | {best / t:.2f} |")
for c, h in ((64, 56), (128, 28), (256, 14), (512, 7)):
    o = num(rf"conv3x3 {c}@{h}x{h} batch=32  fwd [\d.]+ ms ([\d.]+) GFLOP/s", ours)
    t = num(rf"conv3x3 {c}@{h}x{h} batch=32 fwd: [\d.]+ ms, ([\d.]+) GFLOP/s", torch)
    print(f"| conv3x3 {c}@{h}² fwd, GFLOP/s | {o:.1f} | {t:.1f} | {o / t:.2f} |")
o = num(r"resnet18 binary train batch=32 .*?: ([\d.]+) images/s", ours)
f = num(r"resnet18 float-twin train batch=32 .*?: ([\d.]+) images/s", ours)
t = num(r"resnet18 fp32 train  batch=32: ([\d.]+) images/s", torch)
print(f"| binary ResNet-18 train, images/s (vs PyTorch float) | {o:.2f} | {t:.2f} | {o / t:.2f} |")
print(f"| float-twin ResNet-18 train, images/s | {f:.2f} | {t:.2f} | {f / t:.2f} |")
PY
