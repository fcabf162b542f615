package io.javagpu.kernel.evaluation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellRunnerTest {
    private static class Hidden extends ArrayList<String> {
    }

    @Test
    void expressionMagicResultsAreCastToTheirMostPreciseNameableType() {
        assertEquals("java.lang.String", CellRunner.publicTypeName(String.class));
        assertEquals("java.util.ArrayList", CellRunner.publicTypeName(Hidden.class));
        assertEquals("java.util.List", CellRunner.publicTypeName(List.of(1, 2, 3).getClass()));
        assertEquals("int[]", CellRunner.publicTypeName(int[].class));
        assertEquals("java.lang.Object", CellRunner.publicTypeName(new Object() { }.getClass()));
    }
}
