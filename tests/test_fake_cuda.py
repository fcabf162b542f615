"""Tests of the SIMULATED CUDA driver and cuBLAS (scripts/build-fake-cuda.sh, scripts/fake-cuda/).

No GPU and no Jupyter kernel needed: the libraries are built into a pytest temporary folder and called
through ctypes (tests/fake_cuda_ctypes.py). The fake driver reads FAKE_CUDA_* once, at cuInit, so the
in-process tests run with none set and each fault-injection case runs in a child process.

    /usr/bin/python3 -m pytest -q tests/test_fake_cuda.py
"""

import ctypes as C
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCRIPT = os.path.join(ROOT, "scripts", "build-fake-cuda.sh")
CUDA_H = os.path.join(os.environ.get("CUDA_INCLUDE", "/usr/local/cuda/include"), "cuda.h")
sys.path.insert(0, HERE)

from fake_cuda_ctypes import Fake, U64, VP  # noqa: E402

if shutil.which(os.environ.get("CC", "gcc")) is None or not os.path.isfile(CUDA_H):
    pytest.skip("the fake CUDA libraries need gcc and %s (the CUDA toolkit headers)" % CUDA_H, allow_module_level=True)

# CUresult / cublasStatus_t / enum values used below
SUCCESS, INVALID_VALUE, OUT_OF_MEMORY, NOT_INITIALIZED = 0, 1, 2, 3
INVALID_DEVICE, INVALID_CONTEXT, INVALID_HANDLE, ILLEGAL_ADDRESS = 101, 201, 400, 700
BLAS_NOT_INITIALIZED, BLAS_INVALID_VALUE, BLAS_EXECUTION_FAILED, BLAS_NOT_SUPPORTED = 1, 7, 13, 15
OP_N, OP_T, OP_C = 0, 1, 2
R_32F, R_64F, R_16F, R_16BF = 0, 1, 2, 14
COMPUTE_32F, COMPUTE_64F, COMPUTE_32F_FAST_16F, COMPUTE_32F_FAST_16BF, COMPUTE_TF32 = 68, 70, 74, 75, 77
GEMM_DEFAULT = -1
GIB = 1 << 30


@pytest.fixture(scope="module")
def libdir(tmp_path_factory):
    out = tmp_path_factory.mktemp("fake-cuda")
    subprocess.run(["bash", SCRIPT, str(out)], check=True, capture_output=True, text=True, timeout=300)
    return str(out)


@pytest.fixture(scope="module")
def fake(libdir):
    for k in [k for k in os.environ if k.startswith("FAKE_CUDA_")]:
        del os.environ[k]  # in this process the fake must run with its defaults
    g = Fake(libdir)
    g.context()
    return g


def child(libdir, code, env=None, major=13):
    """Runs CODE in a fresh process with g = Fake(libdir) and the given FAKE_CUDA_* env; returns its `out`."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("FAKE_CUDA_")}
    e.update(env or {})
    e["FAKE_CUBLAS_TEST_MAJOR"] = str(major)
    p = subprocess.run([sys.executable, os.path.join(HERE, "fake_cuda_ctypes.py"), libdir, code],
                       env=e, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    result = json.loads(p.stdout.strip().splitlines()[-1])
    result["stderr"] = p.stderr
    return result


# ---------------------------------------------------------------------------------------------------- build


def test_build_exports_and_links(libdir):
    names = sorted(os.listdir(libdir))
    assert names == ["libcublas.so.12", "libcublas.so.13", "libcublasLt.so.12", "libcublasLt.so.13",
                     "libcuda.so", "libcuda.so.1"]
    assert os.readlink(os.path.join(libdir, "libcuda.so")) == "libcuda.so.1"
    cu = C.CDLL(os.path.join(libdir, "libcuda.so.1"))
    for name in ["cuInit", "cuDeviceTotalMem_v2", "cuDeviceGetUuid_v2", "cuDevicePrimaryCtxRelease_v2",
                 "cuMemGetInfo_v2", "cuMemAlloc_v2", "cuMemFree_v2", "cuMemAllocHost_v2", "cuMemHostAlloc",
                 "cuMemcpyHtoDAsync_v2", "cuMemsetD8_v2", "cuStreamDestroy_v2", "cuEventDestroy_v2",
                 "cuEventElapsedTime", "cuEventElapsedTime_v2", "cuGetErrorString"]:
        assert hasattr(cu, name), name
    readelf = shutil.which("readelf")
    if readelf:
        dyn = subprocess.run([readelf, "-d", os.path.join(libdir, "libcublas.so.13")], capture_output=True,
                             text=True, check=True).stdout
        assert "[libcublasLt.so.13]" in dyn and "[libcublas.so.13]" in dyn
        dyn12 = subprocess.run([readelf, "-d", os.path.join(libdir, "libcublas.so.12")], capture_output=True,
                               text=True, check=True).stdout
        assert "[libcublasLt.so.12]" in dyn12 and "[libcublas.so.12]" in dyn12


def test_build_script_fails_clearly_without_cuda_h(tmp_path):
    p = subprocess.run(["bash", SCRIPT, str(tmp_path / "out")], env=dict(os.environ, CUDA_INCLUDE=str(tmp_path)),
                       capture_output=True, text=True)
    assert p.returncode != 0 and "cuda.h not found" in p.stderr


# ---------------------------------------------------------------------------------------------- driver API


def test_everything_but_version_needs_cuinit(libdir):
    r = child(libdir, """
n = INT(); out["count"] = g.cu.cuDeviceGetCount(C.byref(n))
ctx = VP(); out["retain"] = g.cu.cuDevicePrimaryCtxRetain(C.byref(ctx), 0)
p = U64(); out["alloc"] = g.cu.cuMemAlloc_v2(C.byref(p), 16)
v = INT(); out["version"] = [g.cu.cuDriverGetVersion(C.byref(v)), v.value]
out["name3"] = g.error_name(3)
""")
    assert (r["count"], r["retain"], r["alloc"]) == (NOT_INITIALIZED,) * 3
    assert r["version"] == [SUCCESS, 13000]
    assert r["name3"] == [SUCCESS, "CUDA_ERROR_NOT_INITIALIZED"]


def test_device_queries(fake):
    cu = fake.cu
    assert fake.count() == 1
    assert "simulated" in fake.name() and "H100" in fake.name()
    # warp, max threads/block, clock, SMs, memory clock, bus width, compute capability
    assert [fake.attr(a) for a in (10, 1, 13, 16, 36, 37, 75, 76)] == [32, 1024, 1980000, 132, 2619000, 5120, 9, 0]
    assert fake.attr(92) == 0  # in the enum, not modelled: 0 with CUDA_SUCCESS
    v = C.c_int()
    assert cu.cuDeviceGetAttribute(C.byref(v), 100000, 0) == INVALID_VALUE
    assert cu.cuDeviceGetAttribute(C.byref(v), 0, 0) == INVALID_VALUE
    assert cu.cuDeviceGetAttribute(C.byref(v), 16, 1) == INVALID_DEVICE
    total = C.c_size_t()
    assert cu.cuDeviceTotalMem_v2(C.byref(total), 0) == SUCCESS and total.value == 80 * GIB
    bus = C.create_string_buffer(32)
    assert cu.cuDeviceGetPCIBusId(bus, 32, 0) == SUCCESS and bus.value == b"0000:c1:00.0"
    uuid = C.create_string_buffer(16)
    assert cu.cuDeviceGetUuid_v2(uuid, 0) == SUCCESS and uuid.raw != bytes(16)
    assert fake.error_name(201) == (SUCCESS, "CUDA_ERROR_INVALID_CONTEXT")
    assert fake.error_string(700) == (SUCCESS, "an illegal memory access was encountered")
    assert fake.error_name(12345) == (INVALID_VALUE, None)


def test_calls_need_a_current_context(fake):
    cu = fake.cu
    ctx = VP()
    assert cu.cuCtxGetCurrent(C.byref(ctx)) == SUCCESS and ctx.value
    try:
        assert cu.cuCtxSetCurrent(None) == SUCCESS
        p, s, e, free, total, dev = U64(), VP(), VP(), C.c_size_t(), C.c_size_t(), C.c_int()
        assert cu.cuMemAlloc_v2(C.byref(p), 64) == INVALID_CONTEXT
        assert cu.cuMemGetInfo_v2(C.byref(free), C.byref(total)) == INVALID_CONTEXT
        assert cu.cuStreamCreate(C.byref(s), 0) == INVALID_CONTEXT
        assert cu.cuEventCreate(C.byref(e), 0) == INVALID_CONTEXT
        assert cu.cuCtxGetDevice(C.byref(dev)) == INVALID_CONTEXT
        h = VP()
        assert fake.bl.cublasCreate_v2(C.byref(h)) == BLAS_NOT_INITIALIZED
        assert cu.cuCtxSetCurrent(VP(12345)) == INVALID_CONTEXT  # not a context of ours
    finally:
        assert cu.cuCtxSetCurrent(ctx) == SUCCESS
    dev = C.c_int(-1)
    assert cu.cuCtxGetDevice(C.byref(dev)) == SUCCESS and dev.value == 0
    flags, active = C.c_uint(), C.c_int()
    assert cu.cuDevicePrimaryCtxGetState(0, C.byref(flags), C.byref(active)) == SUCCESS and active.value == 1


def test_memory_round_trip_and_accounting(fake):
    cu = fake.cu
    free0, total = fake.mem_info()
    assert (free0, total) == (79 * GIB, 80 * GIB)
    data = bytes(range(256)) * 16
    a = fake.upload(data)
    b = fake.alloc(len(data))
    assert fake.mem_info()[0] == free0 - 2 * len(data)
    assert cu.cuMemcpyDtoD_v2(b, a, len(data)) == SUCCESS
    assert fake.download(b, len(data)) == data
    assert cu.cuMemsetD8_v2(b + 16, 0xAB, 8) == SUCCESS
    assert fake.download(b, 32) == data[:16] + b"\xab" * 8 + data[24:32]
    # copies past the end, from made-up addresses, and to host-only memory are refused
    assert cu.cuMemcpyDtoH_v2(C.create_string_buffer(len(data) + 1), a, len(data) + 1) == INVALID_VALUE
    assert cu.cuMemcpyHtoD_v2(12345678, data, 16) == INVALID_VALUE
    assert cu.cuMemcpyDtoD_v2(b, a + len(data) - 8, 16) == INVALID_VALUE
    # streams order async copies, which the fake runs at once
    s = VP()
    assert cu.cuStreamCreate(C.byref(s), 0) == SUCCESS
    buf = C.create_string_buffer(64)
    assert cu.cuMemcpyHtoDAsync_v2(a, b"z" * 64, 64, s) == SUCCESS
    assert cu.cuMemcpyDtoHAsync_v2(buf, a, 64, s) == SUCCESS
    assert cu.cuStreamSynchronize(s) == SUCCESS and buf.raw == b"z" * 64
    assert cu.cuStreamDestroy_v2(s) == SUCCESS
    assert cu.cuStreamSynchronize(s) == INVALID_HANDLE
    assert cu.cuMemFree_v2(a) == SUCCESS and cu.cuMemFree_v2(b) == SUCCESS
    assert cu.cuMemFree_v2(a) == INVALID_VALUE  # double free
    assert fake.mem_info()[0] == free0
    p = U64()
    assert cu.cuMemAlloc_v2(C.byref(p), 80 * GIB) == OUT_OF_MEMORY
    pinned = VP()
    assert cu.cuMemHostAlloc(C.byref(pinned), 4096, 0) == SUCCESS and pinned.value % 4096 == 0
    assert cu.cuMemFreeHost(pinned) == SUCCESS and cu.cuMemFreeHost(pinned) == INVALID_VALUE
    assert cu.cuMemAllocHost_v2(C.byref(pinned), 100) == SUCCESS and cu.cuMemFreeHost(pinned) == SUCCESS


def test_events_measure_host_time(fake):
    cu = fake.cu
    start, end, untimed = VP(), VP(), VP()
    assert cu.cuEventCreate(C.byref(start), 0) == SUCCESS and cu.cuEventCreate(C.byref(end), 0) == SUCCESS
    ms = C.c_float()
    assert cu.cuEventRecord(start, None) == SUCCESS
    assert cu.cuEventElapsedTime_v2(C.byref(ms), start, end) == INVALID_HANDLE  # end never recorded
    time.sleep(0.03)
    assert cu.cuEventRecord(end, None) == SUCCESS
    assert cu.cuEventSynchronize(end) == SUCCESS and cu.cuEventQuery(end) == SUCCESS
    assert cu.cuEventElapsedTime_v2(C.byref(ms), start, end) == SUCCESS
    assert 25 <= ms.value < 5000
    plain = C.c_float()
    assert cu.cuEventElapsedTime(C.byref(plain), start, end) == SUCCESS and plain.value == ms.value
    assert cu.cuEventCreate(C.byref(untimed), 2) == SUCCESS  # CU_EVENT_DISABLE_TIMING
    assert cu.cuEventRecord(untimed, None) == SUCCESS
    assert cu.cuEventElapsedTime_v2(C.byref(ms), start, untimed) == INVALID_HANDLE
    for e in (start, end, untimed):
        assert cu.cuEventDestroy_v2(e) == SUCCESS
    assert cu.cuEventRecord(start, None) == INVALID_HANDLE


# -------------------------------------------------------------------------------------------------- cuBLAS


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def ref_gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc):
    """Column-major C = alpha op(A) op(B) + beta C on Python floats (the definition, no shortcuts)."""
    def op_a(i, p):
        return a[i + p * lda] if ta == OP_N else a[p + i * lda]

    def op_b(p, j):
        return b[p + j * ldb] if tb == OP_N else b[j + p * ldb]

    out = list(c)
    for j in range(n):
        for i in range(m):
            out[i + j * ldc] = alpha * sum(op_a(i, p) * op_b(p, j) for p in range(k)) + beta * c[i + j * ldc]
    return out


def pack(fmt, values):
    return struct.pack("<%d%s" % (len(values), fmt), *values)


def unpack(fmt, raw):
    return list(struct.unpack("<%d%s" % (len(raw) // struct.calcsize(fmt), fmt), raw))


def run_gemm(fake, which, ta, tb, m, n, k, lda, ldb, ldc, alpha, beta, seed=1):
    """Random A, B, C (padding included) through Sgemm / Dgemm / GemmEx; returns (got, expected, C0)."""
    rnd = random.Random(seed)
    fmt = "d" if which in ("D", "Ex64") else "f"
    rows_a, cols_a = (m, k) if ta == OP_N else (k, m)
    rows_b, cols_b = (k, n) if tb == OP_N else (n, k)
    a = [f32(rnd.uniform(-2, 2)) for _ in range(lda * cols_a)]
    b = [f32(rnd.uniform(-2, 2)) for _ in range(ldb * cols_b)]
    c = [f32(rnd.uniform(-2, 2)) for _ in range(ldc * n)]
    pa, pb, pc = fake.upload(pack(fmt, a)), fake.upload(pack(fmt, b)), fake.upload(pack(fmt, c))
    h = fake.handle()
    scal = C.c_double if fmt == "d" else C.c_float
    al, be = scal(alpha), scal(beta)
    if which == "S":
        rc = fake.bl.cublasSgemm_v2(h, ta, tb, m, n, k, C.byref(al), pa, lda, pb, ldb, C.byref(be), pc, ldc)
    elif which == "D":
        rc = fake.bl.cublasDgemm_v2(h, ta, tb, m, n, k, C.byref(al), pa, lda, pb, ldb, C.byref(be), pc, ldc)
    else:
        t, comp = (R_64F, COMPUTE_64F) if which == "Ex64" else (R_32F, COMPUTE_32F)
        rc = fake.bl.cublasGemmEx(h, ta, tb, m, n, k, C.byref(al), pa, t, lda, pb, t, ldb, C.byref(be), pc, t, ldc,
                                  comp, GEMM_DEFAULT)
    assert rc == SUCCESS
    got = unpack(fmt, fake.download(pc, ldc * n * struct.calcsize(fmt)))
    for p in (pa, pb, pc):
        fake.cu.cuMemFree_v2(p)
    fake.bl.cublasDestroy_v2(h)
    return got, ref_gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), c


@pytest.mark.parametrize("which", ["S", "D", "Ex32", "Ex64"])
@pytest.mark.parametrize("ta,tb", [(OP_N, OP_N), (OP_T, OP_N), (OP_N, OP_T), (OP_C, OP_T)])
def test_gemm_matches_reference_non_square_with_padding(fake, which, ta, tb):
    m, n, k = 3, 5, 4
    lda = (m if ta == OP_N else k) + 2
    ldb = (k if tb == OP_N else n) + 3
    ldc = m + 2
    got, want, c0 = run_gemm(fake, which, ta, tb, m, n, k, lda, ldb, ldc, alpha=1.5, beta=-0.5)
    tol = 1e-12 if which in ("D", "Ex64") else 1e-5
    for j in range(n):
        for i in range(ldc):
            x = i + j * ldc
            if i < m:
                assert got[x] == pytest.approx(want[x], rel=tol, abs=tol), (i, j)
            else:
                assert got[x] == c0[x], "padding row %d of C was written" % i


def test_gemm_blocked_paths_and_speed(fake):
    # n = 7: one block of four columns plus three single ones; odd m and k
    got, want, _ = run_gemm(fake, "S", OP_T, OP_N, 37, 7, 13, 13, 13, 40, alpha=1.0, beta=0.0, seed=7)
    assert all(g == pytest.approx(w, rel=1e-5, abs=1e-5) for g, w in zip(got, want) if w != 0 or g != 0)
    n = 512
    pa = fake.upload(pack("f", [1.0] * n * n))
    h = fake.handle()
    one, zero = C.c_float(1), C.c_float(0)
    t = time.monotonic()
    assert fake.bl.cublasSgemm_v2(h, OP_N, OP_N, n, n, n, C.byref(one), pa, n, pa, n, C.byref(zero), pa, n) == 0
    assert time.monotonic() - t < 10  # about 0.05 s here; a per-element slow path would take minutes
    assert set(unpack("f", fake.download(pa, 4 * n * n))) == {float(n)}
    fake.cu.cuMemFree_v2(pa)


def test_gemm_zero_alpha_beta_do_not_read(fake):
    nan = float("nan")
    one, zero, two = C.c_double(1), C.c_double(0), C.c_double(2)
    pa, pc = fake.upload(pack("d", [nan])), fake.upload(pack("d", [nan]))
    pb = fake.upload(pack("d", [3.0]))
    h = fake.handle()
    # beta = 0: C is written, not read (its NaN vanishes); A = B = 3 here
    assert fake.bl.cublasDgemm_v2(h, OP_N, OP_N, 1, 1, 1, C.byref(one), pb, 1, pb, 1, C.byref(zero), pc, 1) == 0
    assert unpack("d", fake.download(pc, 8)) == [9.0]
    # alpha = 0: A (NaN) is not read, C = beta * C
    assert fake.bl.cublasDgemm_v2(h, OP_N, OP_N, 1, 1, 1, C.byref(zero), pa, 1, pb, 1, C.byref(two), pc, 1) == 0
    assert unpack("d", fake.download(pc, 8)) == [18.0]
    fake.bl.cublasDestroy_v2(h)
    for p in (pa, pb, pc):
        fake.cu.cuMemFree_v2(p)


def gemm_ex_1x1(fake, a_vals, b_vals, in_type, in_fmt, out_type, out_fmt, compute, math_mode=None):
    """1 x 1 result of a (1 x k) by (k x 1) product; returns C's raw value(s) unpacked with out_fmt."""
    k = len(a_vals)
    pa, pb = fake.upload(pack(in_fmt, a_vals)), fake.upload(pack(in_fmt, b_vals))
    pc = fake.upload(pack(out_fmt, [0]))
    h = fake.handle()
    if math_mode is not None:
        assert fake.bl.cublasSetMathMode(h, math_mode) == SUCCESS
    one, zero = C.c_float(1), C.c_float(0)
    rc = fake.bl.cublasGemmEx(h, OP_N, OP_N, 1, 1, k, C.byref(one), pa, in_type, 1, pb, in_type, k, C.byref(zero),
                              pc, out_type, 1, compute, GEMM_DEFAULT)
    assert rc == SUCCESS
    out = unpack(out_fmt, fake.download(pc, struct.calcsize(out_fmt)))[0]
    for p in (pa, pb, pc):
        fake.cu.cuMemFree_v2(p)
    fake.bl.cublasDestroy_v2(h)
    return out


def test_tf32_rounding_is_visible(fake):
    x = 1 + 2 ** -12  # exact in f32, not in TF32 (10 mantissa bits): rounds to 1
    assert gemm_ex_1x1(fake, [x], [1.0], R_32F, "f", R_32F, "f", COMPUTE_32F) == x
    assert gemm_ex_1x1(fake, [x], [1.0], R_32F, "f", R_32F, "f", COMPUTE_TF32) == 1.0
    # ties go to even: 1 + 2^-11 -> 1, 1 + 3 * 2^-11 -> 1 + 2^-9
    assert gemm_ex_1x1(fake, [1 + 2 ** -11], [1.0], R_32F, "f", R_32F, "f", COMPUTE_TF32) == 1.0
    assert gemm_ex_1x1(fake, [1 + 3 * 2 ** -11], [1.0], R_32F, "f", R_32F, "f", COMPUTE_TF32) == 1 + 2 ** -9
    # CUBLAS_TF32_TENSOR_OP_MATH lets a COMPUTE_32F product use TF32; pedantic math does not
    assert gemm_ex_1x1(fake, [x], [1.0], R_32F, "f", R_32F, "f", COMPUTE_32F, math_mode=3) == 1.0
    assert gemm_ex_1x1(fake, [x], [1.0], R_32F, "f", R_32F, "f", COMPUTE_32F, math_mode=2) == x
    # the other reduced-precision compute types round the inputs to f16 / bf16 first
    y = 1 + 2 ** -9  # exact in f16 (10 bits), not in bf16 (7 bits)
    assert gemm_ex_1x1(fake, [y], [1.0], R_32F, "f", R_32F, "f", COMPUTE_32F_FAST_16F) == y
    assert gemm_ex_1x1(fake, [y], [1.0], R_32F, "f", R_32F, "f", COMPUTE_32F_FAST_16BF) == 1.0


def bf16_bits(values):
    """bfloat16 encodings of values that are exact in bfloat16."""
    out = []
    for v in values:
        bits = struct.unpack("<I", struct.pack("<f", v))[0]
        assert bits & 0xFFFF == 0, v
        out.append(bits >> 16)
    return out


def bf16_value(bits):
    return struct.unpack("<f", struct.pack("<I", bits << 16))[0]


def test_f16_and_bf16_inputs_and_outputs(fake):
    a, b = [0.5, -1.25, 3.0, 0.125], [2.0, 4.0, -0.75, 8.0]
    exact = sum(x * y for x, y in zip(a, b))  # -2.25: exact in every format
    assert gemm_ex_1x1(fake, a, b, R_16F, "e", R_32F, "f", COMPUTE_32F) == exact
    assert gemm_ex_1x1(fake, a, b, R_16F, "e", R_16F, "e", COMPUTE_32F) == exact
    assert gemm_ex_1x1(fake, bf16_bits(a), bf16_bits(b), R_16BF, "H", R_32F, "f", COMPUTE_32F) == exact
    assert bf16_value(gemm_ex_1x1(fake, bf16_bits(a), bf16_bits(b), R_16BF, "H", R_16BF, "H", COMPUTE_32F)) == exact
    # f16 output rounds to nearest even: 2049 -> 2048, 2051 -> 2052; overflow past 65504 gives inf
    assert gemm_ex_1x1(fake, [1.0, 1.0], [2048.0, 1.0], R_16F, "e", R_16F, "e", COMPUTE_32F) == 2048.0
    assert gemm_ex_1x1(fake, [1.0, 1.0], [2048.0, 3.0], R_16F, "e", R_16F, "e", COMPUTE_32F) == 2052.0
    assert gemm_ex_1x1(fake, [1.0, 1.0], [65504.0, 8.0], R_16F, "e", R_16F, "e", COMPUTE_32F) == 65504.0
    assert gemm_ex_1x1(fake, [1.0, 1.0], [65504.0, 16.0], R_16F, "e", R_16F, "e", COMPUTE_32F) == float("inf")
    # an f16 subnormal input (2^-24) is decoded exactly
    assert gemm_ex_1x1(fake, [2.0 ** -24], [1024.0], R_16F, "e", R_32F, "f", COMPUTE_32F) == 2.0 ** -14
    # bf16 output: 257 -> 256 (tie to even), 259 -> 260
    assert bf16_value(gemm_ex_1x1(fake, bf16_bits([1.0, 1.0]), bf16_bits([256.0, 1.0]), R_16BF, "H", R_16BF, "H",
                                  COMPUTE_32F)) == 256.0
    assert bf16_value(gemm_ex_1x1(fake, bf16_bits([1.0, 1.0]), bf16_bits([256.0, 3.0]), R_16BF, "H", R_16BF, "H",
                                  COMPUTE_32F)) == 260.0


def test_gemm_argument_checks(fake):
    bl = fake.bl
    p = fake.alloc(4096)
    h = fake.handle()
    one, zero = C.c_float(1), C.c_float(0)

    def sgemm(ta, tb, m, n, k, lda, ldb, ldc, a=p, b=p, c=p):
        return bl.cublasSgemm_v2(h, ta, tb, m, n, k, C.byref(one), a, lda, b, ldb, C.byref(zero), c, ldc)

    assert sgemm(OP_N, OP_N, 3, 5, 4, 3, 4, 3) == SUCCESS
    assert sgemm(OP_N, OP_N, 3, 5, 4, 2, 4, 3) == BLAS_INVALID_VALUE  # lda < m
    assert sgemm(OP_T, OP_N, 3, 5, 4, 3, 4, 3) == BLAS_INVALID_VALUE  # lda < k for op T
    assert sgemm(OP_N, OP_N, 3, 5, 4, 3, 3, 3) == BLAS_INVALID_VALUE  # ldb < k
    assert sgemm(OP_N, OP_T, 3, 5, 4, 3, 4, 3) == BLAS_INVALID_VALUE  # ldb < n for op T
    assert sgemm(OP_N, OP_N, 3, 5, 4, 3, 4, 2) == BLAS_INVALID_VALUE  # ldc < m
    assert sgemm(OP_N, OP_N, -1, 5, 4, 3, 4, 3) == BLAS_INVALID_VALUE
    assert sgemm(7, OP_N, 3, 5, 4, 3, 4, 3) == BLAS_INVALID_VALUE
    host = C.create_string_buffer(4096)  # not device memory
    assert sgemm(OP_N, OP_N, 3, 5, 4, 3, 4, 3, a=C.addressof(host)) == BLAS_EXECUTION_FAILED
    assert sgemm(OP_N, OP_N, 40, 40, 40, 40, 40, 40) == BLAS_EXECUTION_FAILED  # 6400 B past the 4096 B block

    def ex(at, bt, ct, comp, algo=GEMM_DEFAULT):
        return bl.cublasGemmEx(h, OP_N, OP_N, 2, 2, 2, C.byref(one), p, at, 2, p, bt, 2, C.byref(zero), p, ct, 2,
                               comp, algo)

    assert ex(R_16F, R_16F, R_16F, COMPUTE_32F) == SUCCESS
    assert ex(R_16F, R_16BF, R_32F, COMPUTE_32F) == BLAS_NOT_SUPPORTED
    assert ex(R_16F, R_16F, R_64F, COMPUTE_32F) == BLAS_NOT_SUPPORTED
    assert ex(R_32F, R_32F, R_32F, COMPUTE_64F) == BLAS_NOT_SUPPORTED
    assert ex(R_16F, R_16F, R_32F, COMPUTE_TF32) == BLAS_NOT_SUPPORTED
    assert ex(R_32F, R_32F, R_32F, 64) == BLAS_NOT_SUPPORTED  # COMPUTE_16F is not simulated
    assert ex(R_32F, R_32F, R_32F, COMPUTE_32F, algo=500) == BLAS_INVALID_VALUE
    assert bl.cublasSetMathMode(h, 9) == BLAS_INVALID_VALUE
    fake.bl.cublasDestroy_v2(h)
    assert sgemm(OP_N, OP_N, 3, 5, 4, 3, 4, 3) == BLAS_NOT_INITIALIZED  # destroyed handle
    fake.cu.cuMemFree_v2(p)


def test_cublas_versions_and_status_text(fake, libdir):
    bl = fake.bl
    v = C.c_int()
    assert [bl.cublasGetProperty(i, C.byref(v)) or v.value for i in range(3)] == [13, 0, 0]
    assert bl.cublasGetVersion_v2(None, C.byref(v)) == SUCCESS and v.value == 130000
    assert fake.lt.cublasLtGetVersion() == 130000
    assert bl.cublasGetStatusName(13) == b"CUBLAS_STATUS_EXECUTION_FAILED"
    assert bl.cublasGetStatusString(7) == b"an invalid numeric value was used as an argument"
    h, s, got = fake.handle(), VP(), VP()
    assert fake.cu.cuStreamCreate(C.byref(s), 1) == SUCCESS
    assert bl.cublasSetStream_v2(h, s) == SUCCESS and bl.cublasGetStream_v2(h, C.byref(got)) == SUCCESS
    assert got.value == s.value
    bl.cublasDestroy_v2(h)
    fake.cu.cuStreamDestroy_v2(s)
    r = child(libdir, """
v = INT()
out["prop"] = [g.bl.cublasGetProperty(i, C.byref(v)) or v.value for i in range(3)]
g.bl.cublasGetVersion_v2(None, C.byref(v)); out["version"] = v.value
out["lt"] = g.lt.cublasLtGetVersion()
g.context(); h = g.handle(); out["ok"] = True
""", major=12)
    assert (r["prop"][0], r["version"] // 10000, r["lt"] // 10000, r["ok"]) == (12, 12, 12, True)
    assert r["version"] == 10000 * r["prop"][0] + 100 * r["prop"][1] + r["prop"][2]


# ------------------------------------------------------------------------------------------ fault injection


@pytest.mark.parametrize("code,name", [(802, "CUDA_ERROR_SYSTEM_NOT_READY"), (34, "CUDA_ERROR_STUB_LIBRARY"),
                                       (999, "CUDA_ERROR_UNKNOWN"), (803, "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH"),
                                       (804, "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE"),
                                       (100, "CUDA_ERROR_NO_DEVICE"), (46, "CUDA_ERROR_DEVICE_UNAVAILABLE")])
def test_init_error(libdir, code, name):
    r = child(libdir, """
out["init"] = g.cu.cuInit(0)
v = INT(); out["version"] = [g.cu.cuDriverGetVersion(C.byref(v)), v.value]
n = INT(); out["count"] = g.cu.cuDeviceGetCount(C.byref(n))
out["name"] = g.error_name(out["init"])[1]
""", {"FAKE_CUDA_INIT_ERROR": str(code)})
    assert r == dict(r, init=code, version=[SUCCESS, 13000], count=NOT_INITIALIZED, name=name)


def test_device_count_zero_and_two(libdir):
    r = child(libdir, 'g.cu.cuInit(0); out["count"] = g.count(); d = INT(); out["get"] = g.cu.cuDeviceGet(C.byref(d), 0)',
              {"FAKE_CUDA_DEVICES": "0"})
    assert (r["count"], r["get"]) == (0, INVALID_DEVICE)
    r = child(libdir, """
g.cu.cuInit(0); out["count"] = g.count(); out["names"] = [g.name(0), g.name(1)]
bus = C.create_string_buffer(32); out["bus"] = []
for d in (0, 1):
    g.cu.cuDeviceGetPCIBusId(bus, 32, d); out["bus"].append(bus.value.decode())
g.context(1); p1 = g.alloc(64)
g.context(0); out["cross"] = g.cu.cuMemcpyDtoH_v2(C.create_string_buffer(64), p1, 64)
d = INT(); g.cu.cuCtxGetDevice(C.byref(d)); out["dev"] = d.value
""", {"FAKE_CUDA_DEVICES": "2"})
    assert r["count"] == 2 and all("simulated" in n for n in r["names"])
    assert r["bus"][0] != r["bus"][1] and r["bus"][0] == "0000:c1:00.0"
    assert (r["cross"], r["dev"]) == (INVALID_VALUE, 0)  # device 1's memory is not device 0's


def test_memory_sizes(libdir):
    r = child(libdir, """
g.context(); out["info0"] = g.mem_info(); p = g.alloc(600000); out["info1"] = g.mem_info()
q = U64(); out["too_much"] = g.cu.cuMemAlloc_v2(C.byref(q), 500000)
t = SZ(); g.cu.cuDeviceTotalMem_v2(C.byref(t), 0); out["total"] = t.value
""", {"FAKE_CUDA_FREE_MEM": "1000000", "FAKE_CUDA_TOTAL_MEM": "2000000"})
    assert r["info0"] == [1000000, 2000000] and r["info1"] == [400000, 2000000]
    assert (r["too_much"], r["total"]) == (OUT_OF_MEMORY, 2000000)


def test_old_driver_small_gpu_and_names(libdir):
    code = """
g.cu.cuInit(0); v = INT(); g.cu.cuDriverGetVersion(C.byref(v)); out["version"] = v.value
out["attrs"] = [g.attr(75), g.attr(76), g.attr(16)]; out["name"] = g.name()
"""
    r = child(libdir, code, {"FAKE_CUDA_DRIVER_VERSION": "12020", "FAKE_CUDA_CC": "7.0", "FAKE_CUDA_SMS": "16",
                             "FAKE_CUDA_NAME": "Tesla V100-SXM2-16GB"})
    assert (r["version"], r["attrs"], r["name"]) == (12020, [7, 0, 16], "Tesla V100-SXM2-16GB (simulated)")
    r = child(libdir, code, {"FAKE_CUDA_NAME": "A simulated MIG 1g.10gb", "FAKE_CUDA_CC": "8.6"})
    assert (r["attrs"], r["name"]) == ([8, 6, 132], "A simulated MIG 1g.10gb")
    r = child(libdir, code, {"FAKE_CUDA_CC": "nine", "FAKE_CUDA_SMS": "-3"})
    assert r["attrs"] == [9, 0, 132] and "ignoring FAKE_CUDA_CC=nine" in r["stderr"]


FAIL_AFTER_CODE = """
g.context(); h = g.handle()                         # 1: cublasCreate
p = g.upload(b"x" * 64)                             # 2, 3: alloc, HtoD
out["bad_free"] = g.cu.cuMemFree_v2(p + 8)          # fails: not counted
one = C.c_float(1)
out["gemm1"] = g.bl.cublasSgemm_v2(h, 0, 0, 2, 2, 2, C.byref(one), p, 2, p, 2, C.byref(one), p, 2)   # 4
out["gemm2"] = g.bl.cublasSgemm_v2(h, 0, 0, 2, 2, 2, C.byref(one), p, 2, p, 2, C.byref(one), p, 2)   # 5 -> poisoned
free, total = SZ(), SZ(); out["after"] = g.cu.cuMemGetInfo_v2(C.byref(free), C.byref(total))
ctx = VP(); out["get_current"] = g.cu.cuCtxGetCurrent(C.byref(ctx))
out["free"] = g.cu.cuMemFree_v2(p)
out["count"] = g.count(); out["name"] = g.name()
v = INT(); out["version"] = g.cu.cuDriverGetVersion(C.byref(v))
"""


@pytest.mark.parametrize("code", [None, 719])
def test_fail_after_is_sticky(libdir, code):
    env = {"FAKE_CUDA_FAIL_AFTER": "4"}
    if code:
        env["FAKE_CUDA_FAIL_CODE"] = str(code)
    r = child(libdir, FAIL_AFTER_CODE, env)
    c = code or ILLEGAL_ADDRESS
    assert (r["bad_free"], r["gemm1"], r["gemm2"]) == (INVALID_VALUE, SUCCESS, BLAS_EXECUTION_FAILED)
    assert (r["after"], r["get_current"], r["free"]) == (c, c, c)
    assert (r["count"], r["version"]) == (1, SUCCESS) and "simulated" in r["name"]


def test_exclusive_busy_and_pinning_failure(libdir):
    r = child(libdir, """
g.cu.cuInit(0); ctx = VP(); out["retain"] = g.cu.cuDevicePrimaryCtxRetain(C.byref(ctx), 0)
out["text"] = g.error_string(out["retain"])[1]
""", {"FAKE_CUDA_EXCLUSIVE_BUSY": "1"})
    assert (r["retain"], r["text"]) == (46, "CUDA-capable device(s) is/are busy or unavailable")
    r = child(libdir, """
g.context(); p = VP()
out["host_alloc"] = g.cu.cuMemHostAlloc(C.byref(p), 4096, 0)
out["alloc_host"] = g.cu.cuMemAllocHost_v2(C.byref(p), 4096)
out["device"] = g.alloc(4096) != 0
""", {"FAKE_CUDA_HOSTALLOC_FAIL": "1"})
    assert (r["host_alloc"], r["alloc_host"], r["device"]) == (OUT_OF_MEMORY, OUT_OF_MEMORY, True)
