package io.javagpu.gpu;

import io.javagpu.display.Html;
import io.javagpu.display.MimeBundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small table rendered as one display bundle: text/html, aligned text/plain and application/json with the raw
 * numbers. (Private to the GPU magics until the shared Table renderer is reconciled.)
 */
public final class GpuTable {
    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String plainOverride;

    public GpuTable(String title, List<String> columns) {
        this.title = title;
        this.columns = List.copyOf(columns);
    }

    public GpuTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(c == null ? "" : String.valueOf(c));
        while (r.size() < columns.size()) r.add("");
        rows.add(r);
        return this;
    }

    public GpuTable note(String note) {
        notes.add(note);
        return this;
    }

    public List<List<String>> rows() {
        return rows;
    }

    public MimeBundle bundle(Object json) {
        return new MimeBundle().with("text/html", html()).with("text/plain", plain()).with("application/json", json);
    }

    /** Uses {@code text} as the text/plain form instead of the aligned table (for rows too wide for a terminal). */
    public GpuTable plainText(String text) {
        this.plainOverride = text;
        return this;
    }

    public String plain() {
        if (plainOverride != null) return plainOverride;
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) width[i] = columns.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], r.get(i).length());
        StringBuilder sb = new StringBuilder();
        if (title != null) sb.append(title).append('\n');
        appendLine(sb, columns, width);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        sb.append(rule).append('\n');
        for (List<String> r : rows) appendLine(sb, r, width);
        for (String n : notes) sb.append(n).append('\n');
        return sb.toString().stripTrailing();
    }

    private static void appendLine(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            if (i > 0) line.append("  ");
            String c = cells.get(i);
            line.append(c).append(" ".repeat(width[i] - c.length()));
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    public String html() {
        StringBuilder sb = new StringBuilder("<table class=\"javagpu-table\">");
        if (title != null) sb.append("<caption style=\"text-align:left;font-weight:bold\">").append(Html.escape(title)).append("</caption>");
        sb.append("<thead><tr>");
        for (String c : columns) sb.append("<th style=\"text-align:left\">").append(Html.escape(c)).append("</th>");
        sb.append("</tr></thead><tbody>");
        for (List<String> r : rows) {
            sb.append("<tr>");
            for (String c : r) {
                String style = c.startsWith("✗") ? " style=\"text-align:left;color:#b00020\"" : c.startsWith("✓") ? " style=\"text-align:left;color:#1b7f1b\"" : " style=\"text-align:left\"";
                sb.append("<td").append(style).append('>').append(Html.escape(c)).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        for (String n : notes) sb.append("<p>").append(Html.escape(n)).append("</p>");
        return sb.toString();
    }

    /** Formats a number for a table cell: "—" for NaN. */
    public static String num(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "—";
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** 3 significant-ish digits for ms. */
    public static String ms(double v) {
        if (Double.isNaN(v)) return "—";
        if (v >= 100) return num(v, 1);
        if (v >= 1) return num(v, 3);
        return num(v, 4);
    }

    /** JSON-safe number: NaN and infinities become null. */
    public static Double json(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }
}
