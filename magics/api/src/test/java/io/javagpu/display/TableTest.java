package io.javagpu.display;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableTest {
    record Kernel(String name, double gflops, int n) {
    }

    @Test
    void htmlEscapesHeadersCellsAndTitle() {
        Table table = Table.builder().title("a<b").columns("<th>", "x&y").row("<script>alert('x')</script>", "\"q\"").build();
        String html = table.toHtml();
        assertTrue(html.contains("<caption style=\"text-align:left;font-weight:bold\">a&lt;b</caption>"), html);
        assertTrue(html.contains("&lt;th&gt;"), html);
        assertTrue(html.contains("x&amp;y"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
        assertTrue(html.contains("&quot;q&quot;"), html);
        assertFalse(html.contains("<script>"), html);
    }

    @Test
    void plainTextAlignsNumbersRightAndTextLeft() {
        Table table = Table.builder().columns("name", "ms").row("matmul", 12.5).row("ax", 7).build();
        assertEquals(String.join("\n",
                "name      ms",
                "------  ----",
                "matmul  12.5",
                "ax         7"), table.toText());
    }

    @Test
    void jsonKeepsRawNumbers() {
        Table table = Table.builder().columns("n", "t", "label").row(512, 0.123456789, "a").row(1024, Double.NaN, null).build();
        Map<String, Object> json = table.toJson();
        assertEquals(List.of("n", "t", "label"), json.get("columns"));
        List<?> rows = (List<?>) json.get("rows");
        assertEquals(List.of(512, 0.123456789, "a"), rows.get(0));
        assertEquals(java.util.Arrays.asList(1024, "NaN", null), rows.get(1));
        MimeBundle bundle = table.toBundle();
        assertEquals(List.of("text/plain", "text/html", "application/json"), List.copyOf(bundle.data().keySet()));
    }

    @Test
    void notesFollowTheTableAndChecksAreColoured() {
        Table table = Table.builder().title("t <1>").columns("a", "b").row("✓", "x & y").row("✗", "3").note("n < m").build();
        assertEquals("t <1>\na  b\n-  -----\n✓  x & y\n✗  3\nn < m", table.toText());
        String html = table.toHtml();
        assertTrue(html.contains("<td style=\"color:#1b7f1b\">✓</td>"), html);
        assertTrue(html.contains("<td style=\"color:#b00020\">✗</td>"), html);
        assertTrue(html.endsWith("</table><p>n &lt; m</p>"), html);
        assertEquals(List.of("n < m"), table.toJson().get("notes"));
    }

    @Test
    void aViewMayGiveItsOwnPlainTextAndJson() {
        Table table = Table.builder().columns("a").row("1").note("note").plainText("one line").build();
        MimeBundle bundle = table.toBundle(Map.of("k", 1));
        assertEquals("one line", bundle.data().get("text/plain"));
        assertEquals(Map.of("k", 1), bundle.data().get("application/json"));
        assertTrue(((String) bundle.data().get("text/html")).contains("<p>note</p>"));
    }

    @Test
    void numbersAndDurationsShowNoValueForNaN() {
        assertEquals("—", Numbers.fixed(Double.NaN, 2));
        assertEquals("1.50", Numbers.fixed(1.5, 2));
        assertEquals(null, Numbers.json(Double.POSITIVE_INFINITY));
        assertEquals("—", Durations.format(Double.NaN));
        assertEquals("123.5", Durations.millis(123.46));
        assertEquals("1.234", Durations.millis(1.2341));
        assertEquals("0.0123", Durations.millis(0.01234));
        assertEquals("—", Durations.millis(Double.NaN));
    }

    @Test
    void doublesShowSixSignificantDigitsInText() {
        Table table = Table.builder().columns("x").row(0.1 + 0.2).row(123456789.0).row(1e-9).build();
        String text = table.toText();
        assertTrue(text.contains("0.3\n"), text);
        assertTrue(text.contains("123457000"), text);
        assertTrue(text.contains("1.00000e-09"), text);
    }

    @Test
    void fromRecordsMapsAndArrays() {
        Table records = Table.ofRecords(List.of(new Kernel("gemm", 1.5, 64), new Kernel("axpy", 0.25, 128)));
        assertEquals(List.of("name", "gflops", "n"), records.columns());
        assertEquals(List.of("axpy", 0.25, 128), records.rows().get(1));

        Map<String, Object> first = new LinkedHashMap<>();
        first.put("a", 1);
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("b", 2);
        second.put("a", 3);
        Table maps = Table.ofMaps(List.of(first, second));
        assertEquals(List.of("a", "b"), maps.columns());
        assertEquals(java.util.Arrays.asList(1, null), maps.rows().get(0));

        Table array = Table.ofArray(new int[][] {{1, 2}, {3}});
        assertEquals(List.of("0", "1"), array.columns());
        assertEquals(java.util.Arrays.asList(3, null), array.rows().get(1));
        assertThrows(IllegalArgumentException.class, () -> Table.ofArray(new int[] {1}));
    }

    @Test
    void longTablesShowHeadAndTailButJsonHasEverything() {
        Table.Builder builder = Table.builder().columns("i").maxRows(4);
        for (int i = 0; i < 10; i++) builder.row(i);
        Table table = builder.build();
        String text = table.toText();
        assertEquals(List.of("i", "-", "0", "1", "…", "8", "9", "[10 rows]"), text.lines().map(String::strip).toList());
        assertTrue(table.toHtml().contains("10 rows × 1 columns"));
        assertEquals(10, ((List<?>) table.toJson().get("rows")).size());
    }

    @Test
    void rowsLongerThanTheColumnsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Table.builder().columns("a").row(1, 2));
    }

    @Test
    void newlinesInCellsDoNotBreakTextAlignment() {
        String text = Table.builder().columns("a", "b").row("x\ny", 1).build().toText();
        assertEquals(3, text.lines().count(), text);
    }
}
