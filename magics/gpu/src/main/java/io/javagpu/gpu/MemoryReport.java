package io.javagpu.gpu;

import java.util.List;

/** What {@code %gpu memory} returns: free/total per device, or the JVM heap when running on the CPU. */
public record MemoryReport(boolean gpu, List<Entry> entries, List<String> notes) {
    public record Entry(String device, long totalBytes, long freeBytes) {
        public long usedBytes() {
            return totalBytes - freeBytes;
        }
    }
}
