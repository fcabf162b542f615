#!/usr/bin/env bash
# GPU smoke test for java-gpu-kernel, for a person (or CI runner) with an NVIDIA GPU.
#
# Usage:
#   scripts/gpu-smoke.sh [--size N] [--cpu-only]
#
# What it checks, once per binding (JCuda; and the java.lang.foreign binding where the java is 22+), through the same
# code the notebook's %gpu magics use (main class io.javagpu.gpu.GpuSmoke):
#   - %gpu info: every link of the chain is ✓ (binding, CUDA driver, cuBLAS, devices) and that binding is active
#   - %gpu matmul N in f32, tf32, f16, bf16 and f64 runs on cuda and passes verification (default N = 2048)
#   - %gpu matmul 8192 --dtype f16 reaches 60% of the device's dense peak (where the peak is known)
#   - %gpu matmul N --device both: the GPU GEMM is faster than the CPU's
#   - %gpu bandwidth (pinned + pageable, h2d/d2h/d2d) completes every row; pinned h2d reaches 80% of the PCIe
#     link's rate (generation and width from sysfs; skipped with a message where unknown)
#   - Gpu.to(new double[]{1.0, 2.0}, "cuda:0") round-trips, %%gpu cell timing uses CUDA events
# Exits 0 when everything passed for every binding, 1 otherwise. --cpu-only checks the CPU fallback instead.
#
# Needs only a JDK 17+ (JAVA_HOME or java on PATH; 22+ to check the foreign binding too); no Python. It uses
# kernel/target/java-gpu-kernel.jar (GPU_SMOKE_BUILD_KERNEL=1 builds it first with Maven). JCuda's natives are
# extracted from the jar into a private per-user folder (~/.cache/java-gpu-kernel/natives/<hash>) and passed as
# -Djava.library.path, never into /tmp.
# Environment: JAVA_GPU_CUDA_LIBRARY_PATH=/folder/with/libcuda.so.1-or-libcublas when they are somewhere unusual;
#              GPU_SMOKE_BINDINGS="jcuda foreign" to choose; JAVA_OPTS for extra JVM options (e.g. -Xmx16g).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=kernel/target/java-gpu-kernel.jar

if [[ ! -f "$JAR" && "${GPU_SMOKE_BUILD_KERNEL:-0}" == 1 ]] && command -v mvn >/dev/null; then
  echo "building the kernel jar (mvn -q -B -DskipTests package)..." >&2
  mvn -q -B -DskipTests package >&2 || { echo "kernel build failed" >&2; exit 1; }
fi

[[ -f "$JAR" ]] || { echo "no $JAR: build it with 'mvn -q -B -DskipTests package' (or GPU_SMOKE_BUILD_KERNEL=1)" >&2; exit 1; }

JOPTS=()
FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [[ "${FEATURE%%.*}" -ge 22 ]]; then JOPTS+=(--enable-native-access=ALL-UNNAMED); fi
NATIVES=$("$JAVA" -cp "$JAR" io.javagpu.gpu.cuda.JCudaNatives) || exit 1
JOPTS+=("-Djava.library.path=$NATIVES")

if [[ " $* " == *" --cpu-only "* ]]; then
  BINDINGS="auto"
elif [[ -n "${GPU_SMOKE_BINDINGS:-}" ]]; then
  BINDINGS="$GPU_SMOKE_BINDINGS"
elif [[ "${FEATURE%%.*}" -ge 22 ]]; then
  BINDINGS="foreign jcuda"
else
  BINDINGS="jcuda"
  echo "Java $FEATURE: checking the JCuda binding only (the foreign binding needs JDK 22+)"
fi

status=0
for binding in $BINDINGS; do
  echo "==== binding: $binding ===="
  # shellcheck disable=SC2086
  JAVA_GPU_BINDING="$binding" "$JAVA" "${JOPTS[@]}" ${JAVA_OPTS:-} -cp "$JAR" io.javagpu.gpu.GpuSmoke "$@" || status=1
done
[[ $status -eq 0 ]] && echo "==== all bindings passed: $BINDINGS ====" || echo "==== FAILED for at least one binding of: $BINDINGS ===="
exit $status
