#!/usr/bin/env bash
# Benchmark, not a test: GFLOP/s of the %gpu CPU GEMM (what `%gpu matmul N --device cpu` runs: the system BLAS
# through JNI, or the Java fallback) side by side with numpy on the same machine in the same run, square sizes,
# f32 and f64, median of REPEAT timed runs after warm-up, in ROUNDS rounds that alternate which side goes first.
#
# Usage: bench/cpu_matmul_bench.sh [SIZE...]        (default 1024 2048; ROUNDS=3 REPEAT=5 in the environment)
# Needs: a JDK 17+ (JAVA_HOME or java on PATH), Maven to build kernel/target/java-gpu-kernel.jar if it is missing,
#        and, for the numpy column only, numpy for /usr/bin/python3 (Debian: apt-get install -y python3-numpy;
#        PYTHON=... for another interpreter). OPENBLAS_NUM_THREADS / OMP_NUM_THREADS are left as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1024 2048)
ROUNDS=${ROUNDS:-3}
REPEAT=${REPEAT:-5}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PY=${PYTHON:-/usr/bin/python3}
JAR=kernel/target/java-gpu-kernel.jar

[[ -f $JAR ]] || mvn -q -B -DskipTests package >&2

# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE pick OpenBLAS's kernels (e.g. Haswell instead of the AVX-512 ones it would
# detect). The kernel's OpenBLAS reads them as numpy's does, so both sides run without them: unsetting them for
# numpy alone would compare two different OpenBLAS kernels, not the kernel with numpy.
UNSET=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
for v in OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; do
  [[ -n ${!v:-} ]] && echo "note: $v=${!v} is unset for both sides of this benchmark"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')"

java_round() { "${UNSET[@]}" "$JAVA" -cp "$JAR" bench/cpu_matmul_bench.java "$REPEAT" "${SIZES[@]}"; }

HAVE_NUMPY=0
if "$PY" -c 'import numpy' 2>/dev/null; then HAVE_NUMPY=1; fi
numpy_round() {
  "${UNSET[@]}" "$PY" - "$REPEAT" "${SIZES[@]}" <<'PYEOF'
import sys, time
import numpy as np
repeat = int(sys.argv[1])
for n in map(int, sys.argv[2:]):
    rng = np.random.default_rng(1)
    for dt, name in ((np.float32, "f32"), (np.float64, "f64")):
        a = (rng.random((n, n)) * 2 - 1).astype(dt)
        b = (rng.random((n, n)) * 2 - 1).astype(dt)
        for _ in range(2):
            a @ b
        ts = []
        for _ in range(repeat):
            t = time.perf_counter()
            a @ b
            ts.append(time.perf_counter() - t)
        ts.sort()
        print(f"numpy {name} {n} {2.0 * n ** 3 / ts[len(ts) // 2] / 1e9:.2f}")
PYEOF
}

# Which BLAS numpy runs: threadpoolctl when installed, else numpy's build configuration when it names a library,
# else the BLAS file mapped into the process after a matmul (Debian's numpy links the generic libblas.so.3).
numpy_blas() {
  "${UNSET[@]}" "$PY" - <<'PYEOF'
import re
import numpy as np
(np.ones((64, 64)) @ np.ones((64, 64)))
maps = sorted({l.split()[-1] for l in open("/proc/self/maps") if re.search(r"/lib[a-z0-9_]*blas[^/]*\.so", l)})
reference = [p for p in maps if re.search(r"/blas/libblas\.so", p)]
how = None
try:
    from threadpoolctl import threadpool_info
    libs = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if libs:
        i = libs[0]
        how = f"{i['internal_api']} {i.get('version')} ({i.get('threading_layer', '?')}), {i['num_threads']} threads [threadpoolctl]"
except ImportError:
    pass
if how is None:
    try:
        c = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        if c.get("name") and c["name"] not in ("blas", "cblas"):
            how = f"{c['name']} {c.get('version', '')} [numpy.show_config]"
    except Exception:
        pass
if how is None:
    how = (", ".join(maps) or "not found") + " [mapped files]"
print(("REFERENCE " if reference else "") + how)
PYEOF
}

JAVA_OUT="" NUMPY_OUT=""
for ((r = 1; r <= ROUNDS; r++)); do
  if (( r % 2 == 1 )); then
    JAVA_OUT+=$(java_round)$'\n'
    (( HAVE_NUMPY )) && NUMPY_OUT+=$(numpy_round)$'\n'
  else
    (( HAVE_NUMPY )) && NUMPY_OUT+=$(numpy_round)$'\n'
    JAVA_OUT+=$(java_round)$'\n'
  fi
done

echo "kernel CPU GEMM: $(awk '$1=="library" {sub(/^library /, ""); print; exit}' <<<"$JAVA_OUT")"
if (( HAVE_NUMPY )); then
  BLAS=$(numpy_blas)
  echo "numpy $("$PY" -c 'import numpy; print(numpy.__version__)'): BLAS ${BLAS#REFERENCE }"
  if [[ $BLAS == REFERENCE* ]]; then
    echo "!!!!!!!! WARNING: numpy runs on the unoptimised REFERENCE BLAS, not OpenBLAS: its column is 10-50x below"
    echo "!!!!!!!! what numpy does with OpenBLAS, and the ratios below flatter the kernel. Install OpenBLAS"
    echo "!!!!!!!! (Debian: apt-get install -y libopenblas0-pthread) and run this again."
  fi
else
  echo "numpy not available for $PY (Debian: apt-get install -y python3-numpy): kernel column only"
fi

# median of the rounds, and the range
stat() { awk -v s="$1" -v n="$2" -v d="$3" '$1==s && $2==d && $3==n {print $4}' | sort -g |
         awk '{v[NR]=$1} END {if (NR) printf "%.1f (%.1f-%.1f)", v[int((NR+1)/2)], v[1], v[NR]}'; }
echo "GFLOP/s, median of $ROUNDS rounds (min-max), each the median of $REPEAT timed runs:"
printf '%-6s %-5s %-24s %-24s %s\n' size dtype "kernel" "numpy" "kernel/numpy"
for n in "${SIZES[@]}"; do
  for dt in f32 f64; do
    j=$(stat kernel "$n" "$dt" <<<"$JAVA_OUT")
    p=$(stat numpy "$n" "$dt" <<<"$NUMPY_OUT")
    r=""
    [[ -n $p && -n $j ]] && r=$(awk -v j="${j%% *}" -v p="${p%% *}" 'BEGIN {printf "%.2fx", j / p}')
    printf '%-6s %-5s %-24s %-24s %s\n' "$n" "$dt" "$j" "${p:--}" "$r"
  done
done
