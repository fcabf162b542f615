#!/usr/bin/env bash
# Builds a small Java runtime (jlink, about 35 MB) that runs the GPU smoke test, for GPU machines without a JDK:
# copy it there together with kernel/target/java-gpu-kernel.jar (about 25 MB) and run
#
#   JAVA_HOME=build/smoke-jre scripts/gpu-smoke.sh
#
# java.logging is needed by JCuda's native library loader; the rest is what GpuSmoke uses.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/smoke-jre}"
rm -rf "$out"
jlink --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported \
      --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out"
du -sh "$out"
