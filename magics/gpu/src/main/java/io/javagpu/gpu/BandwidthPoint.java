package io.javagpu.gpu;

/**
 * One measured copy size: {@code ms} is per copy (median over samples, each a batch of copies timed together) and
 * {@code gbps} is decimal GB/s at the median; device-to-device counts bytes read plus written, like bandwidthTest.
 */
public record BandwidthPoint(String device, MemoryKind memory, Direction direction, long bytes, Stats ms, int copiesPerSample,
                             double gbps) {

    /** Series name for charts: "pinned h2d", "heap copy". */
    public String series() {
        return memory + " " + direction;
    }
}
