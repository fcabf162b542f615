package io.javagpu.magics.builtin;

import io.javagpu.display.Durations;
import io.javagpu.magics.EvaluationException;
import io.javagpu.kernel.evaluation.NotebookContext;

import io.javagpu.magics.MagicException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeMagicsTest {
    private static final String UNIT = "(ns|µs|ms|s)";
    private final NotebookContext context = new NotebookContext(Path.of("."));

    @AfterEach
    void tearDown() {
        context.close();
    }

    @Test
    void timePrintsCpuAndWallTimeAndShowsTheValue() throws Exception {
        TimeResult result = (TimeResult) context.line("time", "6 * 7");
        assertEquals(42, result.value());
        assertTrue(Pattern.compile("CPU time: [\\d.]+ " + UNIT + ", Wall time: [\\d.]+ " + UNIT + "\n").matcher(context.stdout()).matches(), context.stdout());
        assertEquals("42", context.sink.last().bundle().data().get("text/plain"));
        assertEquals("display", context.sink.last().kind());
    }

    @Test
    void timeMeasuresWallTimeAndShowsNothingForStatements() throws Exception {
        TimeResult result = (TimeResult) context.line("time", "Thread.sleep(60);");
        assertNull(result.value());
        assertTrue(result.wall().toMillis() >= 60, result.toString());
        assertTrue(!result.cpu().isNegative());
        assertTrue(context.sink.sent.isEmpty());
    }

    @Test
    void cpuTimeCoversCodeThatJShellRunsOnItsOwnThread() throws Exception {
        // Burns 150 ms of CPU on whatever thread JShell evaluates on (a fresh one per snippet in local execution).
        TimeResult result = (TimeResult) context.cell("time", "", """
                var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long start = threads.getCurrentThreadCpuTime();
                while (threads.getCurrentThreadCpuTime() - start < 150_000_000L) { }
                """);
        assertTrue(result.cpu().toMillis() >= 150, result.toString());
    }

    @Test
    void cellTimeRunsTheBody() throws Exception {
        TimeResult result = (TimeResult) context.cell("time", "", "int t = 20;\nt * 2 + 2");
        assertEquals(42, result.value());
        assertEquals(20, context.eval("t"));
    }

    @Test
    void timeErrors() {
        assertThrows(MagicException.class, () -> context.line("time", ""));
        assertThrows(MagicException.class, () -> context.cell("time", "1 + 1", "2"));
        assertThrows(EvaluationException.class, () -> context.line("time", "undefinedThing()"));
    }

    @Test
    void timeitPrintsMeanAndStdevWithTheGivenCounts() throws Exception {
        TimeitResult result = (TimeitResult) context.line("timeit", "-n 10 -r 3 -o Math.sqrt(2.0)");
        assertEquals(10, result.loops());
        assertEquals(3, result.runs());
        assertEquals(3, result.timings().length);
        assertTrue(result.best() <= result.mean() && result.mean() <= result.worst());
        String line = context.stdout().strip();
        assertTrue(Pattern.matches("[\\d.]+ " + UNIT + " ± [\\d.]+ " + UNIT + " per loop \\(mean ± std\\. dev\\. of 3 runs, 10 loops each\\)", line), line);
    }

    @Test
    void timeitReturnsNothingWithoutMinusO() throws Exception {
        assertNull(context.line("timeit", "-n 2 -r 1 \"a b\".length()"));
        assertTrue(context.stdout().contains("of 1 run, 2 loops each"), context.stdout());
    }

    @Test
    void timeitRunsStatementsAndCellsAgainstNotebookState() throws Exception {
        context.eval("List<Integer> seen = new ArrayList<>();");
        context.line("timeit", "-q -n 5 -r 2 seen.add(1);");
        int calls = (Integer) context.eval("seen.size()");
        assertTrue(calls >= 10, "5 loops x 2 runs plus warm-up, got " + calls);
        TimeitResult cell = (TimeitResult) context.cell("timeit", "-n 3 -r 2 -o", "int x = seen.size();\nseen.add(x);");
        assertEquals(3, cell.loops());
        assertTrue(context.stdout().isEmpty() == false);
    }

    @Test
    void timeitChoosesTheLoopCountLikeIPython() throws Exception {
        long[] now = {0};
        TimeitMagic magic = new TimeitMagic(() -> now[0]);
        // Every call "takes" 1 ms, so 200 loops is the first count whose run reaches 0.2 s.
        assertEquals(200, magic.autoLoops(context.magicContext(), () -> now[0] += 1_000_000));
        assertEquals(1, magic.autoLoops(context.magicContext(), () -> now[0] += 300_000_000));
    }

    @Test
    void timeitStopsWhenInterrupted() {
        context.interrupt();
        assertThrows(InterruptedException.class, () -> context.line("timeit", "-n 1 -r 3 Math.abs(-1)"));
    }

    @Test
    void timeitRejectsBadCounts() {
        MagicException runs = assertThrows(MagicException.class, () -> context.line("timeit", "-r 0 1"));
        assertTrue(runs.getMessage().contains("-r must be at least 1"));
        MagicException notNumber = assertThrows(MagicException.class, () -> context.line("timeit", "-n x 1"));
        assertTrue(notNumber.getMessage().contains("Invalid value for option '-n'"), notNumber.getMessage());
        assertThrows(MagicException.class, () -> context.line("timeit", "-n 3"));
    }

    @Test
    void resultStatistics() {
        TimeitResult result = new TimeitResult(100, new double[] {1000, 2000, 3000});
        assertEquals(2000, result.mean());
        assertEquals(1000, result.best());
        assertEquals(Math.sqrt(2e6 / 3), result.stdev(), 1e-9);
        assertEquals("2.00 µs ± 816 ns per loop (mean ± std. dev. of 3 runs, 100 loops each)", result.toString());
    }

    @Test
    void durationsUseTheUnitThatReadsBest() {
        assertEquals("1.50 ns", Durations.format(1.5));
        assertEquals("999 ns", Durations.format(999));
        assertEquals("1.50 µs", Durations.format(1500));
        assertEquals("123 µs", Durations.format(123_456));
        assertEquals("25.0 ms", Durations.format(25e6));
        assertEquals("3.00 s", Durations.format(3e9));
    }

}
