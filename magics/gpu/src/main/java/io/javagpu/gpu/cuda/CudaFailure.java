package io.javagpu.gpu.cuda;

import io.javagpu.gpu.CudaException;
import io.javagpu.gpu.ProbeFacts;

/** Turns a failed status into a {@link CudaException}, noting sticky errors on the way. */
final class CudaFailure {
    private CudaFailure() {
    }

    static CudaException of(String call, int code, String name, String text) {
        StickyErrors.observe(new ProbeFacts.Status(code, name, text, call));
        return new CudaException(call, code, name, text);
    }
}
