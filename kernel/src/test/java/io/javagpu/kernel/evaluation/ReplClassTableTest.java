package io.javagpu.kernel.evaluation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A class table whose walk visits JShell's REPL classes only, while every lookup sees them all. */
class ReplClassTableTest {

    private static Map<Object, Object> classIn(String module, String flatName) {
        Map<Object, Object> byModule = new HashMap<>();
        byModule.put(module, flatName);
        return byModule;
    }

    @Test
    void lookupsSeeEveryClassAndTheWalkOnlyTheRepls() {
        Map<Object, Map<Object, Object>> javac = new HashMap<>();
        javac.put("java.util.List", classIn("java.base", "java.util.List"));
        javac.put("REPL.$JShell$3", classIn("unnamed", "REPL.$JShell$3"));
        ReplClassTable table = new ReplClassTable(javac);
        table.computeIfAbsent("REPL.$JShell$4$Point", name -> classIn("unnamed", "REPL.$JShell$4$Point"));
        table.computeIfAbsent("java.util.Map", name -> classIn("java.base", "java.util.Map"));

        assertEquals(4, table.size());
        assertEquals("java.util.List", table.get("java.util.List").get("java.base"));
        assertEquals(4, table.keySet().size());
        List<Object> walked = new ArrayList<>();
        table.values().forEach(byModule -> walked.addAll(byModule.values()));
        walked.sort(null);
        assertEquals(List.of("REPL.$JShell$3", "REPL.$JShell$4$Point"), walked);
    }

    @Test
    void removingThroughTheWalkRemovesFromTheTable() {
        ReplClassTable table = new ReplClassTable(Map.of());
        table.computeIfAbsent("REPL.$JShell$5", name -> new HashMap<>());
        table.computeIfAbsent("REPL.$JShell$6", name -> classIn("unnamed", "REPL.$JShell$6"));
        table.computeIfAbsent("java.io.File", name -> new HashMap<>());

        assertTrue(table.values().removeIf(Map::isEmpty));
        assertFalse(table.containsKey("REPL.$JShell$5"));
        assertEquals(2, table.size());
        assertEquals(1, table.values().size());
        // an empty entry outside REPL is not the walk's: it stays
        assertTrue(table.containsKey("java.io.File"));
    }

    @Test
    void everyWayOfAddingOrRemovingKeepsTheWalkInStep() {
        ReplClassTable table = new ReplClassTable(Map.of());
        Map<Object, Object> first = classIn("unnamed", "a");
        table.put("REPL.$JShell$1", first);
        table.putIfAbsent("REPL.$JShell$2", classIn("unnamed", "b"));
        table.merge("REPL.$JShell$3", classIn("unnamed", "c"), (old, added) -> added);
        table.compute("REPL.$JShell$4", (name, old) -> classIn("unnamed", "d"));
        assertEquals(4, table.values().size());

        Map<Object, Object> second = classIn("unnamed", "a2");
        table.replace("REPL.$JShell$1", second);
        assertSame(second, table.values().stream().filter(m -> m.containsValue("a2")).findFirst().orElseThrow());
        table.remove("REPL.$JShell$2");
        table.remove("REPL.$JShell$3", table.get("REPL.$JShell$3"));
        table.computeIfPresent("REPL.$JShell$4", (name, old) -> null);
        assertEquals(1, table.values().size());
        assertNull(table.get("REPL.$JShell$4"));
        table.clear();
        assertEquals(0, table.values().size());
    }
}
