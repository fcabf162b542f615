#!/usr/bin/env bash
# GPU smoke test for java-gpu-kernel, for a person (or CI runner) with an NVIDIA GPU.
#
# Usage:
#   scripts/gpu-smoke.sh [--size N] [--cpu-only]
#
# What it checks (through the same code the notebook's %gpu magics use, main class io.javagpu.gpu.GpuSmoke):
#   - %gpu info: every link of the chain is ✓ (JCuda natives, CUDA driver, runtime, cuBLAS, devices)
#   - %gpu matmul N in f32, tf32, f16, bf16 and f64 runs on cuda and passes verification (default N = 2048)
#   - %gpu matmul --device both computes a GPU/CPU speedup
#   - %gpu bandwidth (pinned + pageable, h2d/d2h/d2d) numbers are plausible (pinned h2d between 1 and 2000 GB/s)
#   - Gpu.to(new double[]{1.0, 2.0}, "cuda:0") round-trips, %%gpu cell timing uses CUDA events
# Exits 0 when everything passed, 1 otherwise. --cpu-only checks the CPU fallback instead (machines without a GPU).
#
# Needs only a JDK 17+ (JAVA_HOME or java on PATH); no Python. It uses kernel/target/java-gpu-kernel.jar (the
# shaded kernel jar) when it exists (GPU_SMOKE_BUILD_KERNEL=1 builds it first with Maven); without it, it builds
# the magics module with Maven and runs from magics/target/classes plus the Maven dependency class path.
# Environment: JAVA_GPU_CUBLAS_DIR=/path/to/folder/with/libcublas.so.12 when cuBLAS is somewhere unusual;
#              JAVA_OPTS for extra JVM options (e.g. -Xmx8g for large sizes).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=kernel/target/java-gpu-kernel.jar

if [[ ! -f "$JAR" && "${GPU_SMOKE_BUILD_KERNEL:-0}" == 1 ]] && command -v mvn >/dev/null; then
  echo "building the kernel jar (mvn -q -B -DskipTests package)..." >&2
  mvn -q -B -DskipTests package >&2 || echo "kernel build failed; trying the magics module alone" >&2
fi

if [[ -f "$JAR" ]]; then
  CP="$JAR"
else
  command -v mvn >/dev/null || { echo "no $JAR and no mvn to build it" >&2; exit 1; }
  echo "no $JAR: building and using the magics module (mvn -pl magics)..." >&2
  mvn -q -B -pl magics -DskipTests install >&2
  mvn -q -B -pl magics dependency:build-classpath -Dmdep.outputFile=target/gpu-smoke.classpath >&2
  CP="magics/target/classes:$(cat magics/target/gpu-smoke.classpath)"
fi

JOPTS=()
FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [[ "${FEATURE%%.*}" -ge 22 ]]; then JOPTS+=(--enable-native-access=ALL-UNNAMED); fi

# shellcheck disable=SC2086
exec "$JAVA" "${JOPTS[@]}" ${JAVA_OPTS:-} -cp "$CP" io.javagpu.gpu.GpuSmoke "$@"
