package io.javagpu.gpu;

import jcuda.runtime.JCuda;

/** Turns CUDA runtime and cuBLAS status codes into {@link CudaException}s with names and texts. */
final class CudaCalls {
    private CudaCalls() {
    }

    static void check(int code, String call) {
        if (code != 0) throw new CudaException(call, code, errorName(code), errorText(code));
    }

    static void checkCublas(int status, String call) {
        if (status != 0) {
            String name;
            try {
                name = jcuda.jcublas.cublasStatus.stringFor(status);
            } catch (Throwable t) {
                name = "cublasStatus " + status;
            }
            throw new CudaException(call, status, name, cublasText(status));
        }
    }

    static String errorName(int code) {
        try {
            return JCuda.cudaGetErrorName(code);
        } catch (Throwable t) {
            return "cudaError " + code;
        }
    }

    static String errorText(int code) {
        try {
            return JCuda.cudaGetErrorString(code);
        } catch (Throwable t) {
            return "(no text: " + t + ")";
        }
    }

    private static String cublasText(int status) {
        switch (status) {
            case 1: return "the cuBLAS library was not initialized (is a driver and device present?)";
            case 3: return "resource allocation failed inside cuBLAS (device memory full?)";
            case 7: return "invalid value passed to cuBLAS";
            case 8: return "the device architecture does not support this operation (e.g. BF16/TF32 needs compute capability 8.0+)";
            case 13: return "the GPU program failed to execute";
            case 14: return "internal cuBLAS error";
            case 15: return "the requested type/compute combination is not supported";
            default: return "see the cuBLAS documentation for cublasStatus_t";
        }
    }
}
