#!/usr/bin/env bash
# Builds the SIMULATED CUDA driver and cuBLAS libraries of scripts/fake-cuda/ (host-memory simulations for
# tests and CI on machines without a GPU; not NVIDIA code).
#
# Usage: scripts/build-fake-cuda.sh OUTDIR
#
# Writes into OUTDIR:
#   libcuda.so.1 (+ libcuda.so symlink)      the CUDA driver API on host memory (fake_cuda.c)
#   libcublasLt.so.13, libcublas.so.13       cuBLAS 13.0.0 (libcublas NEEDs libcublasLt.so.13 and libcuda.so.1,
#                                            found through RUNPATH $ORIGIN)
#   libcublasLt.so.12, libcublas.so.12       the same source reporting cuBLAS 12.9.1
# It compiles with gcc -Wall -Wextra -Werror against the REAL CUDA driver header, so every driver-API
# signature is checked: /usr/local/cuda/include/cuda.h, or $CUDA_INCLUDE/cuda.h.
#
# Environment read by the fake driver at the first cuInit (see the comment at the top of fake_cuda.c):
#   FAKE_CUDA_INIT_ERROR=N       cuInit returns CUresult N (e.g. 802, 34, 999, 803, 804, 100, 46)
#   FAKE_CUDA_DEVICES=N          0, 1 (default) or 2 simulated devices
#   FAKE_CUDA_FREE_MEM=bytes     free memory per device at start (default 79 GiB)
#   FAKE_CUDA_TOTAL_MEM=bytes    total memory per device (default 80 GiB)
#   FAKE_CUDA_DRIVER_VERSION=N   cuDriverGetVersion (default 13000; 12020 = an old driver)
#   FAKE_CUDA_CC=major.minor     compute capability (default 9.0)
#   FAKE_CUDA_SMS=N              multiprocessor count (default 132)
#   FAKE_CUDA_NAME=text          device name (" (simulated)" appended when "simulated" is absent)
#   FAKE_CUDA_FAIL_AFTER=N       after N successful context-needing calls (cuBLAS create/GEMMs included),
#                                the next fails with FAKE_CUDA_FAIL_CODE and the error is sticky
#   FAKE_CUDA_FAIL_CODE=C        that error (default 700, CUDA_ERROR_ILLEGAL_ADDRESS)
#   FAKE_CUDA_EXCLUSIVE_BUSY=1   cuDevicePrimaryCtxRetain returns 46 (CUDA_ERROR_DEVICE_UNAVAILABLE)
#   FAKE_CUDA_HOSTALLOC_FAIL=1   cuMemHostAlloc / cuMemAllocHost return CUDA_ERROR_OUT_OF_MEMORY
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") usage >&2; echo "build-fake-cuda.sh: missing OUTDIR" >&2; exit 2 ;;
esac
[[ $# -eq 1 ]] || { echo "build-fake-cuda.sh: expected one argument, OUTDIR" >&2; exit 2; }

src="$(cd "$(dirname "$0")/fake-cuda" && pwd)"
inc="${CUDA_INCLUDE:-/usr/local/cuda/include}"
CC="${CC:-gcc}"
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "build-fake-cuda.sh: $CC not found; install gcc (apt-get install gcc)" >&2; exit 1
fi
if [[ ! -f "$inc/cuda.h" ]]; then
  echo "build-fake-cuda.sh: $inc/cuda.h not found; install the CUDA toolkit headers or set CUDA_INCLUDE" >&2; exit 1
fi

out="$1"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
flags=(-Wall -Wextra -Werror -O2 -fPIC -shared -I"$src")

"$CC" "${flags[@]}" -I"$inc" -Wl,-soname,libcuda.so.1 -o "$out/libcuda.so.1" "$src/fake_cuda.c" -lpthread
ln -sfn libcuda.so.1 "$out/libcuda.so"

for major in 13 12; do
  "$CC" "${flags[@]}" -DFAKE_CUBLAS_MAJOR="$major" -Wl,-soname,"libcublasLt.so.$major" \
    -o "$out/libcublasLt.so.$major" "$src/fake_cublaslt.c"
  "$CC" "${flags[@]}" -DFAKE_CUBLAS_MAJOR="$major" -Wl,-soname,"libcublas.so.$major" \
    -o "$out/libcublas.so.$major" "$src/fake_cublas.c" \
    -L"$out" -Wl,--no-as-needed "-l:libcublasLt.so.$major" -l:libcuda.so.1 -Wl,-rpath,'$ORIGIN' -lm
done
echo "fake CUDA libraries built in $out"
