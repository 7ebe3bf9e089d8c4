#!/usr/bin/env bash
# Submits distributed training to Kubernetes in cluster mode: the driver runs in a pod of our image and starts the
# executors; this machine only creates the driver pod, its service and config maps, and returns.
#
#   K8S_MASTER=k8s://https://<api-server>:6443 IMAGE=<registry>/xnornet-spark:0.1.0-SNAPSHOT \
#     deploy/k8s/submit.sh train --data s3a://bucket/imagenet --model arch=resnet18 --out s3a://bucket/runs/r18
#
# The arguments are the xnornet command and its options. Environment (defaults in brackets): K8S_MASTER (required),
# IMAGE (required), NAMESPACE [xnornet], EXECUTORS [4], EXECUTOR_CORES [4], EXECUTOR_MEMORY [8g],
# EXECUTOR_OVERHEAD [2g], DRIVER_MEMORY [4g], SPARK_SUBMIT [$SPARK_HOME/bin/spark-submit]. Needs spark-submit of
# Spark 4.2.0 here and, in the namespace, deploy/k8s/rbac.yaml applied and the Secret xnornet-spark-auth (README).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
: "${K8S_MASTER:?set K8S_MASTER=k8s://https://<api-server>:<port>}"
: "${IMAGE:?set IMAGE to the image built from deploy/k8s/Dockerfile}"
if [ $# -eq 0 ]; then
  echo "usage: deploy/k8s/submit.sh <xnornet command> [options]   (e.g. train --data … --out …)" >&2
  exit 2
fi
namespace="${NAMESPACE:-xnornet}"
cores="${EXECUTOR_CORES:-4}"
spark_submit="${SPARK_SUBMIT:-${SPARK_HOME:-/opt/spark}/bin/spark-submit}"
secret=/opt/spark/secrets/xnornet-spark-auth
args=(
  --master "$K8S_MASTER" --deploy-mode cluster --name xnornet-train
  --class org.xnornet.cli.Main
  # Kryo, authentication, AES network and IO encryption (each line explained there).
  --properties-file "$repo/conf/spark-defaults.conf"
  --conf spark.kubernetes.namespace="$namespace"
  --conf spark.kubernetes.container.image="$IMAGE"
  # The driver's service account may manage executor pods and their config maps, services and PVCs only (rbac.yaml).
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=xnornet-spark-driver
  # Non-root (uid 185), no privilege escalation, every capability dropped, the runtime seccomp profile.
  --conf spark.kubernetes.driver.podTemplateFile="$here/driver-pod-template.yaml"
  --conf spark.kubernetes.executor.podTemplateFile="$here/executor-pod-template.yaml"
  # The authentication secret from the Kubernetes Secret xnornet-spark-auth, mounted as a file into the driver and
  # every executor; without these Spark would generate one and write it into the executor pods' environment.
  --conf spark.kubernetes.driver.secrets.xnornet-spark-auth="$secret"
  --conf spark.kubernetes.executor.secrets.xnornet-spark-auth="$secret"
  --conf spark.authenticate.secret.driver.file="$secret/secret"
  --conf spark.authenticate.secret.executor.file="$secret/secret"
  # Synchronous training: a fixed set of executors, each running one training task on all its cores.
  --conf spark.executor.instances="${EXECUTORS:-4}"
  --conf spark.executor.cores="$cores"
  --conf spark.task.cpus="$cores"
  --conf spark.dynamicAllocation.enabled=false
  # The heap holds the model, its state copies and the decoded batch; the overhead OpenBLAS and Netty's buffers.
  --conf spark.executor.memory="${EXECUTOR_MEMORY:-8g}"
  --conf spark.executor.memoryOverhead="${EXECUTOR_OVERHEAD:-2g}"
  --conf spark.driver.memory="${DRIVER_MEMORY:-4g}"
  # Return once the driver pod is created; follow it with kubectl logs -f.
  --conf spark.kubernetes.submission.waitAppCompletion=false
  local:///opt/xnornet/xnornet-spark.jar
)
exec "$spark_submit" "${args[@]}" "$@"
