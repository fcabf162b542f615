package io.javagpu.kernel.handlers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExecutionHistoryTest {
    private final ExecutionHistory history = new ExecutionHistory();

    ExecutionHistoryTest() {
        history.add(1, "int a = 1;");
        history.add(2, "a + 1");
        history.add(3, "String s = \"x\";");
        history.add(4, "a + 1");
    }

    private static List<Integer> lines(List<ExecutionHistory.Entry> entries) {
        return entries.stream().map(ExecutionHistory.Entry::line).toList();
    }

    @Test
    void tailGivesTheNewest() {
        assertEquals(List.of(3, 4), lines(history.tail(2)));
        assertEquals(List.of(1, 2, 3, 4), lines(history.tail(10)));
    }

    @Test
    void rangeIsHalfOpen() {
        assertEquals(List.of(2, 3), lines(history.range(2, 4)));
        assertEquals(List.of(3, 4), lines(history.range(3, 0)));
    }

    @Test
    void searchUsesGlobsAndUnique() {
        assertEquals(List.of(2, 4), lines(history.search("a +*", 0, false)));
        assertEquals(List.of(4), lines(history.search("a +*", 0, true)));
        assertEquals(List.of(3), lines(history.search("String ?*", 0, false)));
        assertEquals(List.of(4), lines(history.search("*", 1, false)));
    }
}
