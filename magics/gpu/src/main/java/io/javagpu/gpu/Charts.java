package io.javagpu.gpu;

import io.javagpu.display.Html;
import io.javagpu.display.Numbers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bandwidth sweep as an SVG line chart (log-x) and as a Vega-Lite v5 spec. */
public final class Charts {
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};

    private Charts() {
    }

    public static String bandwidthSvg(List<BandwidthPoint> points, String title) {
        int w = 640, h = 360, left = 60, right = 150, top = 30, bottom = 50;
        double minX = Double.MAX_VALUE, maxX = 0, maxY = 0;
        for (BandwidthPoint p : points) {
            minX = Math.min(minX, p.bytes());
            maxX = Math.max(maxX, p.bytes());
            if (!Double.isNaN(p.gbps())) maxY = Math.max(maxY, p.gbps());
        }
        if (points.isEmpty()) {
            minX = 1;
            maxX = 2;
        }
        if (maxX <= minX) maxX = minX * 2;
        maxY = maxY <= 0 ? 1 : niceCeil(maxY);
        double lx0 = Math.log10(minX), lx1 = Math.log10(maxX);
        int plotW = w - left - right, plotH = h - top - bottom;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">", w, h, w, h));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>", left, Html.escape(title)));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>", left, top, plotW, plotH));
        for (int i = 0; i <= 4; i++) {
            double y = top + plotH - plotH * i / 4.0;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>", left, y, left + plotW, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left - 5, y + 4, trim(maxY * i / 4)));
        }
        for (int e = (int) Math.ceil(lx0); e <= Math.floor(lx1) + 1e-9; e++) {
            double x = left + plotW * (e - lx0) / (lx1 - lx0);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>", x, top, x, top + plotH));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, top + plotH + 15, decimalBytes(Math.pow(10, e))));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">transfer size (bytes, log scale)</text>", left + plotW / 2, h - 12));
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">GB/s</text>", top + plotH / 2, top + plotH / 2));
        Map<String, List<BandwidthPoint>> series = bySeries(points);
        int s = 0;
        for (Map.Entry<String, List<BandwidthPoint>> e : series.entrySet()) {
            String color = COLORS[s % COLORS.length];
            StringBuilder path = new StringBuilder();
            for (BandwidthPoint p : e.getValue()) {
                if (Double.isNaN(p.gbps())) continue;
                double x = left + plotW * (Math.log10(p.bytes()) - lx0) / (lx1 - lx0);
                double y = top + plotH - plotH * p.gbps() / maxY;
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", x, y, color));
            }
            sb.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>", path, color));
            int ly = top + 12 + 16 * s;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>", left + plotW + 10, ly, left + plotW + 28, ly, color));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", left + plotW + 32, ly + 4, Html.escape(e.getKey())));
            s++;
        }
        sb.append("</svg>");
        return sb.toString();
    }

    public static Map<String, Object> bandwidthVegaLite(List<BandwidthPoint> points, String title) {
        List<Object> values = new ArrayList<>();
        for (BandwidthPoint p : points) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("bytes", p.bytes());
            v.put("size", ByteSizes.format(p.bytes()));
            v.put("GB/s", Numbers.json(p.gbps()));
            v.put("series", p.series());
            values.add(v);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("$schema", "https://vega.github.io/schema/vega-lite/v5.json");
        spec.put("title", title);
        spec.put("width", 480);
        spec.put("height", 280);
        spec.put("data", Map.of("values", values));
        spec.put("mark", Map.of("type", "line", "point", true));
        Map<String, Object> enc = new LinkedHashMap<>();
        enc.put("x", Map.of("field", "bytes", "type", "quantitative", "scale", Map.of("type", "log"), "title", "transfer size (bytes)"));
        enc.put("y", Map.of("field", "GB/s", "type", "quantitative", "title", "GB/s"));
        enc.put("color", Map.of("field", "series", "type", "nominal"));
        enc.put("tooltip", List.of(Map.of("field", "size"), Map.of("field", "GB/s"), Map.of("field", "series")));
        spec.put("encoding", enc);
        return spec;
    }

    static Map<String, List<BandwidthPoint>> bySeries(List<BandwidthPoint> points) {
        Map<String, List<BandwidthPoint>> series = new LinkedHashMap<>();
        for (BandwidthPoint p : points) series.computeIfAbsent(p.series(), k -> new ArrayList<>()).add(p);
        return series;
    }

    private static double niceCeil(double v) {
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double f : new double[]{1, 2, 2.5, 5, 10}) if (f * mag >= v) return f * mag;
        return 10 * mag;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String decimalBytes(double v) {
        if (v >= 1e9) return trim(v / 1e9) + "G";
        if (v >= 1e6) return trim(v / 1e6) + "M";
        if (v >= 1e3) return trim(v / 1e3) + "k";
        return trim(v);
    }
}
