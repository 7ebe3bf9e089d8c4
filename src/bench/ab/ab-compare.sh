#!/usr/bin/env bash
# Side-by-side timing of two revisions of the engine in one JVM (see AbCompare.java): the way to tell a kernel change
# from the noise of a shared machine, whose separate runs drift by 20% and more.
#   src/bench/ab/ab-compare.sh OLD_REV [NEW_REV|WORKTREE] [CASE...]
# Defaults: NEW = the working tree as built (target/classes; run mvn -B -q package -DskipTests first), cases the
# binary 3×3 convolutions of ResNet-18 at batch 32 and the packed ResNet-18 at batch 32 and 1. POPCOUNT=scalar|vector
# (default auto), THREADS (default 2), REPS (default 21), AB_JAVA_OPTS (extra JVM flags: -XX:UseAVX=2 runs the AVX2
# code an AVX-512 machine would not pick, the csa256 popcount path among it). OPENBLAS_NUM_THREADS defaults to 1, as
# deploy/bin/xnornet sets it (the engine splits GEMMs on its own pool; OpenBLAS's idle threads would spin beside it). Needs a JDK 21+ for the vector path (JAVA_HOME, default
# Temurin 25 where installed).
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"
old="${1:?usage: ab-compare.sh OLD_REV [NEW_REV|WORKTREE] [CASE...]}"
new="${2:-WORKTREE}"
shift $(( $# >= 2 ? 2 : 1 ))
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(conv:64:56:32 conv:128:28:32 conv:256:14:32 conv:512:7:32 resnet18:32 resnet18:1)
jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$jdk/bin/java" ] || jdk="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
work="$(mktemp -d)"
trap 'git -C "$here" worktree remove --force "$work/old-tree" >/dev/null 2>&1 || true; git -C "$here" worktree remove --force "$work/new-tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

build() { # rev dest: the revision's engine classes
  git -C "$here" worktree add --detach -q "$work/$2-tree" "$1"
  (cd "$work/$2-tree" && mvn -B -o -q compile -Dmaven.test.skip=true >/dev/null)
  cp -r "$work/$2-tree/target/classes" "$work/$2"
}
build "$old" old
if [ "$new" = WORKTREE ]; then cp -r "$here/target/classes" "$work/new"; else build "$new" new; fi
[ -d "$here/target/lib" ] || { echo "error: $here/target/lib missing: run mvn -B -q package -DskipTests first" >&2; exit 2; }
mkdir -p "$work/runner"
"$jdk/bin/javac" -nowarn -d "$work/runner" -cp "$work/new:$(ls "$here"/target/lib/*.jar | tr '\n' ':')" \
  "$here/src/bench/ab/AbCase.java"
"$jdk/bin/javac" -nowarn -d "$work/runner" "$here/src/bench/ab/AbCompare.java"
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, flags:" \
  "$(grep -o -w -E 'avx2|avx512f|avx512_vpopcntdq' /proc/cpuinfo | sort -u | xargs); java $("$jdk/bin/java" -version 2>&1 | head -1)"
echo "# old $old ($(git -C "$here" rev-parse --short "$old")), new $new; $(date -u +%FT%TZ)"
OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" "$jdk/bin/java" -Xmx12g ${AB_JAVA_OPTS:-} --add-modules jdk.incubator.vector -cp "$work/runner" AbCompare "$work/old" "$work/new" \
  "$here/target/lib" "$work/runner" "${POPCOUNT:-auto}" "${THREADS:-2}" "${REPS:-21}" "${cases[@]}" 2>&1 \
  | grep -v -E '^WARNING|InstanceBuilder|^INFO'
