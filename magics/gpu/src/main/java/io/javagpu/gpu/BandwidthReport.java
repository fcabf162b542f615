package io.javagpu.gpu;

import java.util.List;

/** What {@code %gpu bandwidth} returns: the sweep points, the device that did the copies and the notes. */
public record BandwidthReport(String device, boolean gpu, List<BandwidthPoint> points, List<String> notes) {

    /** Highest GB/s seen for a series ("pinned h2d", "heap copy"), NaN when absent. */
    public double peakGBs(String series) {
        return points.stream().filter(p -> p.series().equals(series)).mapToDouble(BandwidthPoint::gbps).max().orElse(Double.NaN);
    }

    /** Highest GB/s over all series. */
    public double peakGBs() {
        return points.stream().mapToDouble(BandwidthPoint::gbps).max().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("BandwidthReport[" + device + ", " + points.size() + " points");
        for (String series : Charts.bySeries(points).keySet()) {
            sb.append(String.format(java.util.Locale.ROOT, ", %s peak %.2f GB/s", series, peakGBs(series)));
        }
        return sb.append(']').toString();
    }
}
