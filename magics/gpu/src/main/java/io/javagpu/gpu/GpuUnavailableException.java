package io.javagpu.gpu;

/** Thrown by the notebook API when "cuda" is asked for and no GPU is usable; the message says why and how to fix it. */
public class GpuUnavailableException extends RuntimeException {
    public GpuUnavailableException(String message) {
        super(message);
    }
}
