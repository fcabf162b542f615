package io.javagpu.gpu;

/** Where the bytes of a measured copy live. {@link #toString()} is the label tables, JSON and chart series show. */
public enum MemoryKind {
    /** Page-locked host memory (cudaMallocHost / cuMemHostAlloc). */
    PINNED("pinned"),
    /** Ordinary host memory (a direct ByteBuffer), staged by the driver: copies are synchronous, timed by the host clock. */
    PAGEABLE("pageable (wall clock)"),
    /** Device memory on both ends (device-to-device copies). */
    DEVICE("device"),
    /** Java heap arrays (CPU backend). */
    HEAP("heap"),
    /** Direct ByteBuffers (CPU backend). */
    DIRECT("direct");

    private final String label;

    MemoryKind(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
