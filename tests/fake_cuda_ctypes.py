"""ctypes bindings for the SIMULATED CUDA driver and cuBLAS built by scripts/build-fake-cuda.sh.

Used by tests/test_fake_cuda.py, in its own process and in child processes (the fake driver reads its
FAKE_CUDA_* environment once, at cuInit, so every fault-injection case runs in a fresh child):

    python3 tests/fake_cuda_ctypes.py LIBDIR 'out["count"] = g.count()'

runs the code with g = Fake(LIBDIR) and prints the dict `out` as JSON on the last line.
"""

import ctypes as C
import json
import os
import sys

P = C.POINTER
VP, U64, SZ, INT, UINT = C.c_void_p, C.c_uint64, C.c_size_t, C.c_int, C.c_uint

# argument types of everything the tests call; every function returns a status int unless named in RESTYPES
DRIVER = {
    "cuInit": [UINT], "cuDriverGetVersion": [P(INT)], "cuDeviceGetCount": [P(INT)], "cuDeviceGet": [P(INT), INT],
    "cuDeviceGetName": [C.c_char_p, INT, INT], "cuDeviceGetAttribute": [P(INT), INT, INT],
    "cuDeviceTotalMem_v2": [P(SZ), INT], "cuDeviceGetPCIBusId": [C.c_char_p, INT, INT],
    "cuDeviceGetUuid_v2": [C.c_char_p, INT], "cuDevicePrimaryCtxRetain": [P(VP), INT],
    "cuDevicePrimaryCtxRelease_v2": [INT], "cuDevicePrimaryCtxGetState": [INT, P(UINT), P(INT)],
    "cuCtxGetCurrent": [P(VP)], "cuCtxSetCurrent": [VP], "cuCtxGetDevice": [P(INT)], "cuCtxSynchronize": [],
    "cuMemGetInfo_v2": [P(SZ), P(SZ)], "cuMemAlloc_v2": [P(U64), SZ], "cuMemFree_v2": [U64],
    "cuMemHostAlloc": [P(VP), SZ, UINT], "cuMemAllocHost_v2": [P(VP), SZ], "cuMemFreeHost": [VP],
    "cuMemcpyHtoD_v2": [U64, VP, SZ], "cuMemcpyDtoH_v2": [VP, U64, SZ], "cuMemcpyDtoD_v2": [U64, U64, SZ],
    "cuMemcpyHtoDAsync_v2": [U64, VP, SZ, VP], "cuMemcpyDtoHAsync_v2": [VP, U64, SZ, VP],
    "cuMemcpyDtoDAsync_v2": [U64, U64, SZ, VP], "cuMemsetD8_v2": [U64, C.c_ubyte, SZ],
    "cuStreamCreate": [P(VP), UINT], "cuStreamDestroy_v2": [VP], "cuStreamSynchronize": [VP],
    "cuEventCreate": [P(VP), UINT], "cuEventRecord": [VP, VP], "cuEventSynchronize": [VP], "cuEventQuery": [VP],
    "cuEventElapsedTime": [P(C.c_float), VP, VP], "cuEventElapsedTime_v2": [P(C.c_float), VP, VP],
    "cuEventDestroy_v2": [VP], "cuGetErrorName": [INT, P(C.c_char_p)], "cuGetErrorString": [INT, P(C.c_char_p)],
}
GEMM = [VP, INT, INT, INT, INT, INT, VP, VP, INT, VP, INT, VP, VP, INT]
BLAS = {
    "cublasCreate_v2": [P(VP)], "cublasDestroy_v2": [VP], "cublasSetStream_v2": [VP, VP],
    "cublasGetStream_v2": [VP, P(VP)], "cublasGetVersion_v2": [VP, P(INT)], "cublasGetProperty": [INT, P(INT)],
    "cublasGetStatusName": [INT], "cublasGetStatusString": [INT], "cublasSetMathMode": [VP, INT],
    "cublasGetMathMode": [VP, P(INT)], "cublasSgemm_v2": GEMM, "cublasDgemm_v2": GEMM,
    "cublasGemmEx": [VP, INT, INT, INT, INT, INT, VP, VP, INT, INT, VP, INT, INT, VP, VP, INT, INT, INT, INT],
}
LT = {"cublasLtGetVersion": [], "cublasLtCreate": [P(VP)], "cublasLtDestroy": [VP]}
RESTYPES = {"cublasGetStatusName": C.c_char_p, "cublasGetStatusString": C.c_char_p, "cublasLtGetVersion": SZ}


def bind(lib, table):
    for name, args in table.items():
        f = getattr(lib, name)
        f.argtypes = args
        f.restype = RESTYPES.get(name, INT)
    return lib


class CudaError(AssertionError):
    pass


class Fake:
    """The three fake libraries of LIBDIR loaded by absolute path, in the order a binding loads them."""

    def __init__(self, libdir, major=13):
        self.cu = bind(C.CDLL(os.path.join(libdir, "libcuda.so.1")), DRIVER)
        self.lt = bind(C.CDLL(os.path.join(libdir, "libcublasLt.so.%d" % major)), LT)
        self.bl = bind(C.CDLL(os.path.join(libdir, "libcublas.so.%d" % major)), BLAS)

    @staticmethod
    def ok(rc, what="call"):
        if rc != 0:
            raise CudaError("%s returned %d" % (what, rc))

    def count(self):
        n = INT()
        self.ok(self.cu.cuDeviceGetCount(C.byref(n)), "cuDeviceGetCount")
        return n.value

    def attr(self, attribute, dev=0):
        v = INT()
        self.ok(self.cu.cuDeviceGetAttribute(C.byref(v), attribute, dev), "cuDeviceGetAttribute")
        return v.value

    def name(self, dev=0):
        buf = C.create_string_buffer(256)
        self.ok(self.cu.cuDeviceGetName(buf, 256, dev), "cuDeviceGetName")
        return buf.value.decode()

    def retain(self, dev=0):
        ctx = VP()
        self.ok(self.cu.cuDevicePrimaryCtxRetain(C.byref(ctx), dev), "cuDevicePrimaryCtxRetain")
        return ctx

    def context(self, dev=0):
        """cuInit, retain device DEV's primary context and make it current (as the binding does)."""
        self.ok(self.cu.cuInit(0), "cuInit")
        ctx = self.retain(dev)
        self.ok(self.cu.cuCtxSetCurrent(ctx), "cuCtxSetCurrent")
        return ctx

    def mem_info(self):
        free, total = SZ(), SZ()
        self.ok(self.cu.cuMemGetInfo_v2(C.byref(free), C.byref(total)), "cuMemGetInfo")
        return free.value, total.value

    def alloc(self, nbytes):
        p = U64()
        self.ok(self.cu.cuMemAlloc_v2(C.byref(p), nbytes), "cuMemAlloc")
        return p.value

    def upload(self, data):
        p = self.alloc(len(data))
        self.ok(self.cu.cuMemcpyHtoD_v2(p, data, len(data)), "cuMemcpyHtoD")
        return p

    def download(self, p, nbytes):
        buf = C.create_string_buffer(nbytes)
        self.ok(self.cu.cuMemcpyDtoH_v2(buf, p, nbytes), "cuMemcpyDtoH")
        return buf.raw

    def handle(self):
        h = VP()
        self.ok(self.bl.cublasCreate_v2(C.byref(h)), "cublasCreate")
        return h

    def error_name(self, code):
        s = C.c_char_p()
        rc = self.cu.cuGetErrorName(code, C.byref(s))
        return rc, s.value.decode() if s.value else None

    def error_string(self, code):
        s = C.c_char_p()
        rc = self.cu.cuGetErrorString(code, C.byref(s))
        return rc, s.value.decode() if s.value else None


if __name__ == "__main__":
    g = Fake(sys.argv[1], int(os.environ.get("FAKE_CUBLAS_TEST_MAJOR", "13")))
    out = {}
    exec(sys.argv[2], {"g": g, "out": out, "C": C, "U64": U64, "VP": VP, "INT": INT, "SZ": SZ})
    print(json.dumps(out))
