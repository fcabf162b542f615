package io.javagpu.gpu.cuda;

import jcuda.jcublas.cublasStatus;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaError;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Status codes of JCuda calls, whether the user enabled JCuda's exceptions or not (the flag is global and has no
 * getter, and the kernel leaves it as the user set it): an exception carries only the enum name, mapped back to its
 * code here.
 */
final class JCudaCalls {
    private static Map<String, Integer> runtimeCodes;
    private static Map<String, Integer> blasCodes;

    private JCudaCalls() {
    }

    static int runtime(IntSupplier call) {
        try {
            return call.getAsInt();
        } catch (jcuda.CudaException e) {
            return code(runtimeCodes(), e);
        }
    }

    static int blas(IntSupplier call) {
        try {
            return call.getAsInt();
        } catch (jcuda.CudaException e) {
            return code(blasCodes(), e);
        }
    }

    static void check(String call, IntSupplier body) {
        int code = runtime(body);
        if (code != 0) throw CudaFailure.of(call, code, errorName(code), errorText(code));
    }

    static void checkBlas(String call, IntSupplier body) {
        int status = blas(body);
        if (status != 0) throw CudaFailure.of(call, status, cublasStatus.stringFor(status), "cuBLAS status " + status);
    }

    /** Cleanup in finally blocks: the status is ignored, an exception from an exceptions-enabled JCuda too. */
    static void quietly(IntSupplier call) {
        runtime(call);
    }

    static String errorName(int code) {
        try {
            return JCuda.cudaGetErrorName(code);
        } catch (RuntimeException e) {
            return cudaError.stringFor(code);
        }
    }

    static String errorText(int code) {
        try {
            return JCuda.cudaGetErrorString(code);
        } catch (RuntimeException e) {
            return cudaError.stringFor(code);
        }
    }

    private static int code(Map<String, Integer> codes, jcuda.CudaException e) {
        String message = String.valueOf(e.getMessage()).trim();
        Integer code = codes.get(message);
        if (code == null) {
            for (Map.Entry<String, Integer> entry : codes.entrySet()) if (message.startsWith(entry.getKey())) return entry.getValue();
        }
        return code == null ? -1 : code;
    }

    private static synchronized Map<String, Integer> runtimeCodes() {
        if (runtimeCodes == null) runtimeCodes = names(true);
        return runtimeCodes;
    }

    private static synchronized Map<String, Integer> blasCodes() {
        if (blasCodes == null) blasCodes = names(false);
        return blasCodes;
    }

    private static Map<String, Integer> names(boolean runtime) {
        Map<String, Integer> map = new HashMap<>();
        for (int code = 1; code < 1000; code++) {
            String name = runtime ? cudaError.stringFor(code) : cublasStatus.stringFor(code);
            if (!name.startsWith("INVALID")) map.put(name, code);
        }
        return map;
    }
}
