package io.javagpu.display;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table of named columns and rows of values, rendered as ONE MIME bundle: text/html (escaped), text/plain
 * (aligned columns; numbers right-aligned) and application/json ({@code {"columns": [...], "rows": [[...]]}}
 * with the raw values: numbers stay numbers; NaN and infinities, which JSON lacks, become strings). Long tables
 * show their head and tail in text and HTML; the JSON always carries every row. Notes read under the table; cells
 * starting with ✓ or ✗ are green or red in HTML. A view whose numbers have a shape of their own passes that shape
 * to {@link #toBundle(Object)} instead of the generic columns-and-rows JSON.
 */
public final class Table {
    private static final int DEFAULT_MAX_ROWS = 60;
    private static final int DEFAULT_MAX_COLUMNS = 30;
    private static final String ELLIPSIS = "…";
    private static final String OK_COLOUR = "#1b7f1b";
    private static final String BROKEN_COLOUR = "#b00020";

    private final String title;
    private final List<String> columns;
    private final List<List<Object>> rows;
    private final int maxRows;
    private final int maxColumns;
    private final List<String> notes;
    private final String plainText;

    private Table(Builder builder) {
        this.title = builder.title;
        this.columns = List.copyOf(builder.columns);
        List<List<Object>> copied = new ArrayList<>(builder.rows.size());
        for (List<Object> row : builder.rows) copied.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
        this.rows = java.util.Collections.unmodifiableList(copied);
        this.maxRows = builder.maxRows;
        this.maxColumns = builder.maxColumns;
        this.notes = List.copyOf(builder.notes);
        this.plainText = builder.plainText;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Table of(List<String> columns, List<? extends List<?>> rows) {
        Builder builder = builder().columns(columns);
        for (List<?> row : rows) builder.row(row);
        return builder.build();
    }

    /** One row per record, one column per record component. All elements must be of the same record class. */
    public static Table ofRecords(List<? extends Record> records) {
        if (records.isEmpty()) return builder().build();
        Class<?> type = records.get(0).getClass();
        RecordComponent[] components = type.getRecordComponents();
        Builder builder = builder();
        for (RecordComponent component : components) builder.column(component.getName());
        for (Record record : records) {
            if (record.getClass() != type) throw new IllegalArgumentException("records of different classes: " + type.getName() + " and " + record.getClass().getName());
            List<Object> row = new ArrayList<>(components.length);
            for (RecordComponent component : components) {
                try {
                    component.getAccessor().setAccessible(true);
                    row.add(component.getAccessor().invoke(record));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    row.add("<" + e.getClass().getSimpleName() + ">");
                }
            }
            builder.row(row);
        }
        return builder.build();
    }

    /** One row per map; the columns are all keys in order of first appearance. */
    public static Table ofMaps(List<? extends Map<?, ?>> maps) {
        LinkedHashSet<Object> keys = new LinkedHashSet<>();
        for (Map<?, ?> map : maps) keys.addAll(map.keySet());
        Builder builder = builder();
        for (Object key : keys) builder.column(String.valueOf(key));
        for (Map<?, ?> map : maps) {
            List<Object> row = new ArrayList<>(keys.size());
            for (Object key : keys) row.add(map.get(key));
            builder.row(row);
        }
        return builder.build();
    }

    /** A table of a 2-D array of any element type (double[][], int[][], Object[][], ...); columns are 0, 1, 2 ... */
    public static Table ofArray(Object twoDimensional) {
        Objects.requireNonNull(twoDimensional, "array");
        if (!twoDimensional.getClass().isArray() || !twoDimensional.getClass().getComponentType().isArray()) {
            throw new IllegalArgumentException("not a 2-D array: " + twoDimensional.getClass().getTypeName());
        }
        int rowCount = Array.getLength(twoDimensional);
        int width = 0;
        for (int r = 0; r < rowCount; r++) {
            Object row = Array.get(twoDimensional, r);
            if (row != null) width = Math.max(width, Array.getLength(row));
        }
        Builder builder = builder();
        for (int c = 0; c < width; c++) builder.column(Integer.toString(c));
        for (int r = 0; r < rowCount; r++) {
            Object row = Array.get(twoDimensional, r);
            List<Object> values = new ArrayList<>(width);
            int length = row == null ? 0 : Array.getLength(row);
            for (int c = 0; c < width; c++) values.add(c < length ? Array.get(row, c) : null);
            builder.row(values);
        }
        return builder.build();
    }

    public String title() {
        return title;
    }

    public List<String> columns() {
        return columns;
    }

    public List<List<Object>> rows() {
        return rows;
    }

    public List<String> notes() {
        return notes;
    }

    /** The bundle with text/html, text/plain and application/json. */
    public MimeBundle toBundle() {
        return new MimeBundle()
                .with("text/plain", toText())
                .with("text/html", toHtml())
                .with("application/json", toJson());
    }

    /** The bundle with text/html, text/plain and {@code json} (a view's own shape of its raw numbers) as application/json. */
    public MimeBundle toBundle(Object json) {
        return new MimeBundle()
                .with("text/plain", toText())
                .with("text/html", toHtml())
                .with("application/json", json);
    }

    /** {@code {"columns": [...], "rows": [[...]]}} (plus "title" and "notes" when set) with raw values. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (title != null) json.put("title", title);
        json.put("columns", columns);
        List<List<Object>> jsonRows = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            List<Object> jsonRow = new ArrayList<>(row.size());
            for (Object value : row) jsonRow.add(jsonValue(value));
            jsonRows.add(jsonRow);
        }
        json.put("rows", jsonRows);
        if (!notes.isEmpty()) json.put("notes", notes);
        return json;
    }

    private static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) return value;
        if (value instanceof Double d && !Double.isFinite(d)) return d.toString();
        if (value instanceof Float f && !Float.isFinite(f)) return f.toString();
        if (value instanceof Number) return value;
        if (value instanceof Character) return value.toString();
        return format(value);
    }

    /**
     * Aligned columns: text left-aligned, numbers right-aligned, a dashed line under the header, then the notes; or
     * the plain text the builder was given instead.
     */
    public String toText() {
        if (plainText != null) return plainText;
        List<Integer> shownColumns = shownIndexes(columns.size(), maxColumns);
        List<Integer> shownRows = shownIndexes(rows.size(), maxRows);
        int width = shownColumns.size();
        List<String[]> cells = new ArrayList<>();
        String[] header = new String[width];
        for (int c = 0; c < width; c++) header[c] = cellHeader(shownColumns.get(c));
        int[] widths = new int[width];
        boolean[] numeric = numericColumns(shownColumns);
        for (int c = 0; c < width; c++) widths[c] = header[c].length();
        for (Integer r : shownRows) {
            String[] line = new String[width];
            for (int c = 0; c < width; c++) {
                line[c] = singleLine(r < 0 || shownColumns.get(c) < 0 ? ELLIPSIS : format(valueAt(r, shownColumns.get(c))));
                widths[c] = Math.max(widths[c], line[c].length());
            }
            cells.add(line);
        }
        StringBuilder text = new StringBuilder();
        if (title != null) text.append(title).append('\n');
        appendLine(text, header, widths, numeric);
        for (int c = 0; c < width; c++) {
            if (c > 0) text.append("  ");
            text.append("-".repeat(widths[c]));
        }
        text.append('\n');
        for (String[] line : cells) appendLine(text, line, widths, numeric);
        if (shownRows.size() < rows.size()) text.append('[').append(rows.size()).append(" rows]\n");
        for (String note : notes) text.append(note).append('\n');
        return text.toString().stripTrailing();
    }

    private static void appendLine(StringBuilder text, String[] cells, int[] widths, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) line.append("  ");
            String padding = " ".repeat(widths[c] - cells[c].length());
            if (numeric[c]) line.append(padding).append(cells[c]);
            else line.append(cells[c]).append(padding);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    public String toHtml() {
        List<Integer> shownColumns = shownIndexes(columns.size(), maxColumns);
        List<Integer> shownRows = shownIndexes(rows.size(), maxRows);
        boolean[] numeric = numericColumns(shownColumns);
        StringBuilder html = new StringBuilder("<table class=\"javagpu-table\">");
        if (title != null) {
            html.append("<caption style=\"text-align:left;font-weight:bold\">").append(Html.escape(title)).append("</caption>");
        }
        html.append("<thead><tr>");
        for (int c = 0; c < shownColumns.size(); c++) {
            html.append("<th").append(numeric[c] ? " style=\"text-align:right\"" : "").append('>')
                    .append(Html.escape(cellHeader(shownColumns.get(c)))).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (Integer r : shownRows) {
            html.append("<tr>");
            for (int c = 0; c < shownColumns.size(); c++) {
                int column = shownColumns.get(c);
                String cell = r < 0 || column < 0 ? ELLIPSIS : format(valueAt(r, column));
                html.append("<td").append(cellStyle(cell, numeric[c])).append('>').append(Html.escape(cell)).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        if (shownRows.size() < rows.size()) html.append("<p>").append(rows.size()).append(" rows × ").append(columns.size()).append(" columns</p>");
        for (String note : notes) html.append("<p>").append(Html.escape(note)).append("</p>");
        return html.toString();
    }

    private static String cellStyle(String cell, boolean numeric) {
        String colour = cell.startsWith("✓") ? OK_COLOUR : cell.startsWith("✗") ? BROKEN_COLOUR : null;
        if (colour == null) return numeric ? " style=\"text-align:right\"" : "";
        return " style=\"" + (numeric ? "text-align:right;" : "") + "color:" + colour + "\"";
    }

    @Override
    public String toString() {
        return toText();
    }

    private String cellHeader(int column) {
        return column < 0 ? ELLIPSIS : columns.get(column);
    }

    private Object valueAt(int row, int column) {
        List<Object> values = rows.get(row);
        return column < values.size() ? values.get(column) : null;
    }

    /** A column is numeric when every non-null value shown in it is a Number. */
    private boolean[] numericColumns(List<Integer> shownColumns) {
        boolean[] numeric = new boolean[shownColumns.size()];
        for (int c = 0; c < numeric.length; c++) {
            int column = shownColumns.get(c);
            boolean sawNumber = false;
            boolean allNumbers = column >= 0;
            for (int r = 0; r < rows.size() && allNumbers; r++) {
                Object value = valueAt(r, column);
                if (value instanceof Number) sawNumber = true;
                else if (value != null) allNumbers = false;
            }
            numeric[c] = allNumbers && sawNumber;
        }
        return numeric;
    }

    /** Indexes to show: all, or the head and tail with -1 standing for the elided middle. */
    private static List<Integer> shownIndexes(int count, int max) {
        List<Integer> shown = new ArrayList<>();
        if (count <= max) {
            for (int i = 0; i < count; i++) shown.add(i);
            return shown;
        }
        int head = max / 2;
        int tail = max - head;
        for (int i = 0; i < head; i++) shown.add(i);
        shown.add(-1);
        for (int i = count - tail; i < count; i++) shown.add(i);
        return shown;
    }

    private static String singleLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }

    /** How a value reads in a cell: doubles and floats with six significant digits, arrays by content. */
    static String format(Object value) {
        if (value == null) return "null";
        if (value instanceof Double d) return formatFloating(d);
        if (value instanceof Float f) return formatFloating(f.doubleValue());
        if (value.getClass().isArray()) return arrayText(value);
        return String.valueOf(value);
    }

    private static String formatFloating(double value) {
        if (!Double.isFinite(value) || value == 0) return Double.toString(value);
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e15) {
            return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        }
        return String.format(java.util.Locale.ROOT, "%.5e", value);
    }

    private static String arrayText(Object array) {
        int length = Array.getLength(array);
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < Math.min(length, 10); i++) {
            if (i > 0) text.append(", ");
            text.append(format(Array.get(array, i)));
        }
        if (length > 10) text.append(", …");
        return text.append(']').toString();
    }

    /** Builds a table column by column and row by row. */
    public static final class Builder {
        private String title;
        private final List<String> columns = new ArrayList<>();
        private final List<List<Object>> rows = new ArrayList<>();
        private int maxRows = DEFAULT_MAX_ROWS;
        private int maxColumns = DEFAULT_MAX_COLUMNS;
        private final List<String> notes = new ArrayList<>();
        private String plainText;

        private Builder() {
        }

        /** A line shown under the table (text and HTML) and listed in the JSON. */
        public Builder note(String note) {
            notes.add(Objects.requireNonNull(note, "note"));
            return this;
        }

        public Builder notes(Collection<String> notes) {
            for (String note : notes) note(note);
            return this;
        }

        /** Text shown as text/plain instead of the aligned columns (for rows too wide for a terminal). */
        public Builder plainText(String text) {
            this.plainText = Objects.requireNonNull(text, "text");
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder column(String name) {
            columns.add(Objects.requireNonNull(name, "column name"));
            return this;
        }

        public Builder columns(String... names) {
            for (String name : names) column(name);
            return this;
        }

        public Builder columns(Collection<String> names) {
            for (String name : names) column(name);
            return this;
        }

        /** A row; it may be shorter than the columns (missing cells are null) but not longer. */
        public Builder row(Object... values) {
            return row(java.util.Arrays.asList(values));
        }

        public Builder row(List<?> values) {
            if (values.size() > columns.size()) {
                throw new IllegalArgumentException("row has " + values.size() + " values but the table has " + columns.size() + " columns");
            }
            rows.add(new ArrayList<>(values));
            return this;
        }

        /** How many rows text and HTML show before eliding the middle (the JSON keeps all). */
        public Builder maxRows(int maxRows) {
            if (maxRows < 2) throw new IllegalArgumentException("maxRows must be at least 2");
            this.maxRows = maxRows;
            return this;
        }

        public Builder maxColumns(int maxColumns) {
            if (maxColumns < 2) throw new IllegalArgumentException("maxColumns must be at least 2");
            this.maxColumns = maxColumns;
            return this;
        }

        public Table build() {
            return new Table(this);
        }
    }
}
