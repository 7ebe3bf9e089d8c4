#!/usr/bin/env bash
# Submits xnornet to YARN with spark-submit, with the settings synchronous training needs (deploy/yarn/README.md):
#
#   deploy/yarn/submit.sh [options] -- train --conf conf/small-resnet-fashion-mnist.properties \
#       --data hdfs:///data/fashion-mnist-sample --out hdfs:///runs/fm-small
#
# Options (before --):
#   --deploy-mode client|cluster   where the driver runs (default client: on this machine; cluster: in the AM)
#   --executors N                  executors, one training task each (default: the train arguments' --partitions,
#                                  else the --conf file's partitions=)
#   --executor-cores C             cores per executor, all of them for its one task (default 4)
#   --executor-memory M            executor heap (default 16g: ImageNet ResNet-18/AlexNet at 224², batch 64)
#   --executor-memory-overhead M   executor off-heap (default 2g)
#   --driver-memory M              driver heap (default 8g)
#   --properties-file FILE         Spark properties of the cluster (e.g. conf/spark-defaults.conf: security)
#   --queue Q                      YARN queue
#   anything else                  passed to spark-submit as is, after these settings (so it overrides them)
# Environment: SPARK_HOME (else spark-submit from PATH), HADOOP_CONF_DIR / YARN_CONF_DIR (the cluster),
# XNORNET_JAR (default: the jar in target/ of this checkout), JAVA_HOME or CLUSTER_JAVA_VERSION (see below).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"

deploy_mode=client
executors=""
executor_cores=4
executor_memory=16g
executor_overhead=2g
driver_memory=8g
passthrough=()
while [ $# -gt 0 ]; do
  case "$1" in
    --deploy-mode) deploy_mode="$2"; shift 2 ;;
    --executors|--num-executors) executors="$2"; shift 2 ;;
    --executor-cores) executor_cores="$2"; shift 2 ;;
    --executor-memory) executor_memory="$2"; shift 2 ;;
    --executor-memory-overhead) executor_overhead="$2"; shift 2 ;;
    --driver-memory) driver_memory="$2"; shift 2 ;;
    --) shift; break ;;
    *) passthrough+=("$1"); shift ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: deploy/yarn/submit.sh [options] -- <xnornet command> [its options]   (see the header of $0)" >&2
  exit 2
fi
case "$deploy_mode" in
  client|cluster) ;;
  *) echo "error: --deploy-mode $deploy_mode: expected client or cluster" >&2; exit 2 ;;
esac

jar="${XNORNET_JAR:-$(ls "$here"/target/xnornet-spark-*.jar 2>/dev/null | head -n 1 || true)}"
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "error: no application jar (XNORNET_JAR or $here/target/xnornet-spark-*.jar); build with: mvn -B package -DskipTests" >&2
  exit 2
fi
submit="spark-submit"
if [ -n "${SPARK_HOME:-}" ]; then
  submit="$SPARK_HOME/bin/spark-submit"
fi

# The application's arguments. In cluster mode the driver runs in a YARN container, which cannot read this machine's
# files: a --conf file travels with --files and is named by its base name there (YARN puts it in the driver's dir).
app=()
files=()
conf_file=""
partitions=""
while [ $# -gt 0 ]; do
  case "$1" in
    --conf) conf_file="$2"; app+=(--conf "$2"); shift 2 ;;
    --conf=*) conf_file="${1#--conf=}"; app+=(--conf "$conf_file"); shift ;;
    --partitions) partitions="$2"; app+=("$1" "$2"); shift 2 ;;
    --partitions=*) partitions="${1#--partitions=}"; app+=("$1"); shift ;;
    *) app+=("$1"); shift ;;
  esac
done
if [ -n "$conf_file" ]; then
  if [ ! -f "$conf_file" ]; then
    echo "error: --conf $conf_file: no such file" >&2
    exit 2
  fi
  if [ -z "$partitions" ]; then
    partitions="$(sed -n 's/^[[:space:]]*partitions[[:space:]]*[=:][[:space:]]*\([0-9]*\).*/\1/p' "$conf_file" | tail -n 1)"
  fi
  if [ "$deploy_mode" = cluster ]; then
    files+=(--files "$conf_file")
    for i in "${!app[@]}"; do
      if [ "${app[$i]}" = --conf ]; then
        app[i+1]="$(basename "$conf_file")"
      fi
    done
  fi
fi
# Synchronous training runs one task per executor and waits for all of them at every average: P partitions need
# P executors. partitions=0 ("the cluster's task slots") gives no number, so then --executors must be given.
if [ -z "$executors" ]; then
  executors="$partitions"
fi
if [ -z "$executors" ] || [ "$executors" = 0 ]; then
  echo "error: how many executors? give --executors N (one per partition) or --partitions P in the train arguments" >&2
  exit 2
fi

# JVM flags Spark 4 needs on Java 17 (the list of jvm.opens in pom.xml and deploy/bin/xnornet). On Java 21 and later
# the binary-inference Vector API path also needs its incubator module. The cluster's Java decides: by default the
# one this script finds (JAVA_HOME, else PATH), or CLUSTER_JAVA_VERSION=21 when the cluster runs another.
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
--add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
-Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
feature="${CLUSTER_JAVA_VERSION:-}"
if [ -z "$feature" ]; then
  java="java"
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java="$JAVA_HOME/bin/java"
  fi
  release="$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")/release"
  feature="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null || true)"
fi
if [ -n "$feature" ] && [ "$feature" -ge 21 ]; then
  opens="$opens --add-modules=jdk.incubator.vector"
fi

settings=(
  --master yarn
  --deploy-mode "$deploy_mode"
  --class org.xnornet.cli.Main
  # Kryo with our registrator: the training state and contributions travel as registered classes (the application
  # sets the same when missing, org.xnornet.spark.SparkSessions; set here so the submitted conf shows them). The
  # state is one float array (94 MB for ResNet-18 with momentum, 0.7 GB for AlexNet with Adam's two moments),
  # beyond Kryo's default 64 MB buffer limit and the driver's default 1 GB result cap.
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer
  --conf spark.kryo.registrator=org.xnornet.spark.KryoRegistrator
  --conf spark.kryoserializer.buffer.max=1g
  --conf spark.driver.maxResultSize=4g
  # Executor heap: the model's state vector (4 bytes × parameters × (1 + optimiser moments)) about 4 times (the
  # broadcast copy, the network's parameters, the optimiser's, the contribution going back) plus one minibatch's
  # activations and gradients, which dominate at 224² (several GB for batch 64): 16g for ResNet-18 and AlexNet.
  --executor-memory "$executor_memory"
  # Off-heap, outside the JVM heap but inside the YARN container: native BLAS (OpenBLAS's buffers, ~32 MB a
  # thread), Netty's direct buffers for the broadcast blocks and the result (about 2 × the state), Parquet and
  # the codec's buffers for the row groups being read (shuffle-window × a row group, e.g. 4 × 128 MB), and the
  # JVM's own (metaspace, thread stacks, code cache, ~0.5 GB). YARN kills a container past heap + overhead.
  --conf spark.executor.memoryOverhead="$executor_overhead"
  # The driver holds the state, the sum of the contributions and the checkpoint being written: a few copies of the
  # state (and the optimiser with exchange=gradients); in cluster mode it runs in the application master.
  --driver-memory "$driver_memory"
  # The module flags above for every JVM of the job: the driver (client: this machine; cluster: the AM) and the
  # executors (client mode's application master gets them below). Spark 4.2's launcher adds most of them itself, and
  # the incubator module on every Java; ours keep the list whole (-Djdk.reflect.useDirectMethodHandle=false is not
  # among Spark's) and the same as deploy/bin/xnornet's.
  --conf "spark.driver.extraJavaOptions=$opens"
  --conf "spark.executor.extraJavaOptions=$opens"
  # Synchronous averaging waits for every partition at every iteration: a fixed set of executors for the whole
  # job, all registered before the first iteration (YARN's default start is at 80% of them).
  --conf spark.dynamicAllocation.enabled=false
  --num-executors "$executors"
  --conf spark.scheduler.minRegisteredResourcesRatio=1.0
  --conf spark.scheduler.maxRegisteredResourcesWaitingTime=120s
  # One training task per executor, using all of its cores (the engine's kernel pool has one thread per core,
  # org.xnornet.spark.KernelThreads): a task claims every core, so a second task never shares them.
  --executor-cores "$executor_cores"
  --conf spark.task.cpus="$executor_cores"
  # One OpenBLAS thread per call: the engine runs GEMMs side by side on its own pool, and how a GEMM is split
  # decides its last bits, so executors compute exactly what a local run does (docs/PERFORMANCE.md). The
  # timeout lets idle OpenBLAS threads sleep instead of spinning. For executors, and for the cluster mode's driver.
  --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1
  --conf spark.yarn.appMasterEnv.OPENBLAS_NUM_THREADS=1
  --conf spark.executorEnv.OPENBLAS_THREAD_TIMEOUT=14
  --conf spark.yarn.appMasterEnv.OPENBLAS_THREAD_TIMEOUT=14
  # One attempt: a second attempt would find the first one's run folder and refuse it (exit 4); continuing a
  # run is an explicit new submission with --resume (checkpoints are in the run folder).
  --conf spark.yarn.maxAppAttempts=1
)
if [ "$deploy_mode" = client ]; then
  settings+=(--conf "spark.yarn.am.extraJavaOptions=$opens")
  export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
  export OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-14}"
fi

exec "$submit" "${settings[@]}" ${files[@]+"${files[@]}"} ${passthrough[@]+"${passthrough[@]}"} "$jar" "${app[@]}"
