package io.javagpu.gpu;

/**
 * A GPU operation cannot run as asked (a size that does not fit, a dtype the device lacks, memory that cannot be
 * pinned, no usable GPU for --device gpu): the message says why, in the user's terms. The %gpu magic shows it as the
 * cell's error; code using the GPU library outside a notebook gets it as it is.
 */
public class GpuException extends Exception {
    public GpuException(String message) {
        super(message);
    }
}
