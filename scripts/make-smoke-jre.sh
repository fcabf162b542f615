#!/usr/bin/env bash
# Builds a small JDK 22+ runtime (jlink) that runs the GPU smoke test with both bindings, for GPU machines without a
# JDK: copy it there together with kernel/target/java-gpu-kernel.jar and run
#
#   JAVA_HOME=build/smoke-jre scripts/gpu-smoke.sh
#
# Usage: scripts/make-smoke-jre.sh [OUTDIR]   (default build/smoke-jre)
# The jlink is that of the first JDK 22+ among $JAVA22_HOME, $JAVA_HOME and /usr/lib/jvm/* (newest first):
# java.lang.foreign is in java.base from 22 on. java.logging is needed by JCuda's native library loader,
# java.management/jdk.management by %%gpu's CPU time; the rest is what GpuSmoke uses. Prints the sizes of the
# runtime and the kernel jar, which together stay under 64 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/smoke-jre}"

feature() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || echo 0; }
jdk=""
for candidate in "${JAVA22_HOME:-}" "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
  candidate="${candidate%/}"
  if [[ -n "$candidate" && -x "$candidate/bin/jlink" && $(feature "$candidate") -ge 22 ]]; then jdk="$candidate"; break; fi
done
[[ -n "$jdk" ]] || { echo "make-smoke-jre.sh: no JDK 22+ with jlink found (set JAVA22_HOME)" >&2; exit 1; }

rm -rf "$out"
"$jdk/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported \
      --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output "$out"
jar=kernel/target/java-gpu-kernel.jar
echo "runtime: $(du -sm "$out" | cut -f1) MiB ($out, from $jdk)"
if [[ -f "$jar" ]]; then
  echo "kernel jar: $(du -sm "$jar" | cut -f1) MiB; together: $(du -smc "$out" "$jar" | tail -1 | cut -f1) MiB"
fi
