package io.javagpu.gpu;

/** A CUDA runtime or cuBLAS call failed: carries the error name (cudaErrorMemoryAllocation, ...) and its text. */
public class CudaException extends RuntimeException {
    private final int code;
    private final String errorName;

    public CudaException(String call, int code, String errorName, String text) {
        super(call + " failed: " + errorName + " (" + code + "): " + text);
        this.code = code;
        this.errorName = errorName;
    }

    public int code() {
        return code;
    }

    public String errorName() {
        return errorName;
    }
}
