#!/usr/bin/env bash
# Benchmark, not a test: GFLOP/s of the %gpu CPU backend (io.javagpu.gpu.CpuGemm, plain multi-threaded Java) side by
# side with numpy (OpenBLAS or whatever BLAS numpy links) on the same machine, square sizes, f32 and f64,
# median of several runs after warm-up.
#
# Usage: bench/cpu_matmul_bench.sh [SIZE...]        (default 256 512 1024 2048)
# Needs: a JDK 17+ (JAVA_HOME or java on PATH), Maven to build the magics module if magics/target/classes is
#        missing, and numpy for /usr/bin/python3 (Debian: apt-get install -y python3-numpy). Without numpy only the
#        Java column is printed. OPENBLAS_NUM_THREADS / OMP_NUM_THREADS are left as they are (all cores by default,
#        like the Java GEMM, which uses the common ForkJoinPool).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(256 512 1024 2048)
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PY=${PYTHON:-/usr/bin/python3}

if [[ ! -f magics/target/classes/io/javagpu/gpu/CpuGemm.class ]]; then
  mvn -q -B -pl magics -DskipTests compile >&2
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')"
JAVA_OUT=$("$JAVA" -cp magics/target/classes bench/cpu_matmul_bench.java "${SIZES[@]}")

NUMPY_OUT=""
if "$PY" -c 'import numpy' 2>/dev/null; then
  NUMPY_OUT=$("$PY" - "${SIZES[@]}" <<'PYEOF'
import sys, time
import numpy as np
for n in map(int, sys.argv[1:]):
    reps = 10 if n <= 512 else 5 if n <= 1024 else 3
    rng = np.random.default_rng(1)
    for dt, name in ((np.float32, "f32"), (np.float64, "f64")):
        a = (rng.random((n, n)) * 2 - 1).astype(dt)
        b = (rng.random((n, n)) * 2 - 1).astype(dt)
        for _ in range(2):
            a @ b
        ts = []
        for _ in range(reps):
            t = time.perf_counter()
            a @ b
            ts.append(time.perf_counter() - t)
        ts.sort()
        print(f"numpy {name} {n} {2.0 * n ** 3 / ts[len(ts) // 2] / 1e9:.2f}")
PYEOF
)
  BLAS=$("$PY" -c 'import numpy as np
try:
    c = np.show_config(mode="dicts")["Build Dependencies"]["blas"]; print(c.get("name"), c.get("version", ""))
except Exception:
    print("numpy", np.__version__)' 2>/dev/null || true)
  echo "numpy: $("$PY" -c 'import numpy; print(numpy.__version__)') (BLAS: ${BLAS:-unknown})"
else
  echo "numpy not available for $PY (Debian: apt-get install -y python3-numpy): Java column only"
fi

printf '%-6s %-5s %14s %14s %8s\n' size dtype "Java GFLOP/s" "numpy GFLOP/s" "ratio"
for n in "${SIZES[@]}"; do
  for dt in f32 f64; do
    j=$(awk -v n="$n" -v d="$dt" '$2==d && $3==n {print $4}' <<<"$JAVA_OUT")
    p=$(awk -v n="$n" -v d="$dt" '$2==d && $3==n {print $4}' <<<"$NUMPY_OUT")
    r=""
    [[ -n "$p" && -n "$j" ]] && r=$(awk -v j="$j" -v p="$p" 'BEGIN{printf "%.2fx", j/p}')
    printf '%-6s %-5s %14s %14s %8s\n' "$n" "$dt" "$j" "${p:--}" "$r"
  done
done
