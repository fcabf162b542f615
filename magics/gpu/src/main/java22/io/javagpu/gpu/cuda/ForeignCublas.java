package io.javagpu.gpu.cuda;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** The cuBLAS functions %gpu calls (libcublas.so.13 or .12), by their exported names. Each returns a cublasStatus_t. */
final class ForeignCublas {
    private static final FunctionDescriptor GEMM = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor GEMM_EX = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT);

    private final MethodHandle create, destroy, setStream, getVersion, getProperty, sgemm, dgemm, gemmEx, statusName;
    private final List<String> missing;

    ForeignCublas(SymbolLookup lookup) {
        NativeFunctions f = new NativeFunctions(lookup);
        create = f.required("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        destroy = f.required("cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        setStream = f.required("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        getVersion = f.required("cublasGetVersion_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        getProperty = f.required("cublasGetProperty", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        sgemm = f.required("cublasSgemm_v2", GEMM);
        dgemm = f.required("cublasDgemm_v2", GEMM);
        gemmEx = f.required("cublasGemmEx", GEMM_EX);
        statusName = f.optional("cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        missing = f.missing();
    }

    List<String> missing() {
        return missing;
    }

    int create(MemorySegment handle) { return ForeignDriver.status(() -> (int) create.invokeExact(handle)); }
    int destroy(MemorySegment handle) { return ForeignDriver.status(() -> (int) destroy.invokeExact(handle)); }
    int setStream(MemorySegment handle, MemorySegment stream) { return ForeignDriver.status(() -> (int) setStream.invokeExact(handle, stream)); }
    int getVersion(MemorySegment handle, MemorySegment v) { return ForeignDriver.status(() -> (int) getVersion.invokeExact(handle, v)); }
    int getProperty(int type, MemorySegment v) { return ForeignDriver.status(() -> (int) getProperty.invokeExact(type, v)); }

    int sgemm(MemorySegment h, int ta, int tb, int m, int n, int k, MemorySegment alpha, MemorySegment a, int lda,
              MemorySegment b, int ldb, MemorySegment beta, MemorySegment c, int ldc) {
        return ForeignDriver.status(() -> (int) sgemm.invokeExact(h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc));
    }

    int dgemm(MemorySegment h, int ta, int tb, int m, int n, int k, MemorySegment alpha, MemorySegment a, int lda,
              MemorySegment b, int ldb, MemorySegment beta, MemorySegment c, int ldc) {
        return ForeignDriver.status(() -> (int) dgemm.invokeExact(h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc));
    }

    int gemmEx(MemorySegment h, int ta, int tb, int m, int n, int k, MemorySegment alpha, MemorySegment a, int aType, int lda,
               MemorySegment b, int bType, int ldb, MemorySegment beta, MemorySegment c, int cType, int ldc, int compute, int algo) {
        return ForeignDriver.status(() -> (int) gemmEx.invokeExact(h, ta, tb, m, n, k, alpha, a, aType, lda, b, bType, ldb, beta, c,
                cType, ldc, compute, algo));
    }

    /** CUBLAS_STATUS_NOT_SUPPORTED for 15. */
    String statusName(int status) {
        if (statusName != null) {
            try {
                MemorySegment s = (MemorySegment) statusName.invokeExact(status);
                if (!s.equals(MemorySegment.NULL)) return s.reinterpret(256).getString(0);
            } catch (Throwable t) {
                // fall through to the number
            }
        }
        return "cublasStatus " + status;
    }
}
