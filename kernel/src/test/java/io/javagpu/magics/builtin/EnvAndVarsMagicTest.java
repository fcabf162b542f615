package io.javagpu.magics.builtin;

import io.javagpu.kernel.evaluation.NotebookContext;
import io.javagpu.magics.MagicException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvAndVarsMagicTest {
    private final NotebookContext context = new NotebookContext(Path.of("."));

    @AfterEach
    void tearDown() {
        SessionEnv.reset();
        context.close();
    }

    @Test
    void envSetsAndGetsSessionVariablesVisibleToNotebookCode() throws Exception {
        context.line("env", "JGK_GREETING=hello");
        context.line("env", "JGK_PHRASE 'two words' more");
        assertEquals("hello", SessionEnv.get("JGK_GREETING"));
        assertEquals("two words more", SessionEnv.get("JGK_PHRASE"));
        assertEquals("hello", context.eval("io.javagpu.magics.builtin.SessionEnv.get(\"JGK_GREETING\")"));
        assertEquals("hello", context.line("env", "JGK_GREETING"));
        assertTrue(context.stdout().contains("env: JGK_GREETING=hello\n"), context.stdout());
    }

    @Test
    void envListsEverythingAsATable() throws Exception {
        context.line("env", "JGK_LISTED=<v>");
        context.line("env", "");
        String html = (String) context.sink.last().bundle().data().get("text/html");
        assertTrue(html.contains("<td>JGK_LISTED</td><td>&lt;v&gt;</td>"), html);
    }

    @Test
    void envUnsetsAndReportsMissingVariables() throws Exception {
        context.line("env", "JGK_GONE=1");
        context.line("env", "-u JGK_GONE");
        assertNull(SessionEnv.get("JGK_GONE"));
        MagicException missing = assertThrows(MagicException.class, () -> context.line("env", "JGK_GONE"));
        assertEquals("Environment variable JGK_GONE is not set", missing.getMessage());
        assertThrows(MagicException.class, () -> context.line("env", "=value"));
    }

    @Test
    void childProcessesSeeTheSessionEnvironment() throws Exception {
        SessionEnv.set("JGK_CHILD", "from session");
        SessionEnv.unset("HOME");
        assertFalse(SessionEnv.all().containsKey("HOME"));
        Process process = SessionEnv.processBuilder("env").start();
        String env = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        assertTrue(env.contains("JGK_CHILD=from session"), env);
        assertFalse(env.lines().anyMatch(line -> line.startsWith("HOME=")), env);
    }

    @Test
    void varsShowsNamesTypesAndEscapedValues() throws Exception {
        context.line("vars", "");
        assertEquals("No variables defined.\n", context.stdout());
        context.eval("int answer = 42;\nString tag = \"<b>\";\nvar list = List.of(1, 2);");
        context.line("vars", "");
        var data = context.sink.last().bundle().data();
        String html = (String) data.get("text/html");
        assertTrue(html.contains("<td>answer</td><td>int</td><td style=\"text-align:right\">42</td>") || html.contains("<td>answer</td><td>int</td><td>42</td>"), html);
        assertTrue(html.contains("&quot;&lt;b&gt;&quot;"), html);
        assertTrue(html.contains("List&lt;Integer&gt;"), html);
        String text = (String) data.get("text/plain");
        assertTrue(text.startsWith("Name    Type           Value"), text);
    }

    @Test
    void varsCutsLongValues() throws Exception {
        context.eval("String longOne = \"x\".repeat(500);");
        context.line("vars", "-w 10");
        String text = (String) context.sink.last().bundle().data().get("text/plain");
        assertTrue(text.contains("\"xxxxxxxx…"), text);
    }

    @Test
    void lsmagicListsLineAndCellForms() throws Exception {
        context.line("lsmagic", "");
        var data = context.sink.last().bundle().data();
        assertEquals(java.util.Set.of("text/plain", "text/html"), data.keySet());
        String text = (String) data.get("text/plain");
        assertTrue(text.lines().anyMatch(line -> line.startsWith("%timeit") && line.contains("%%timeit")), text);
        assertTrue(text.lines().anyMatch(line -> line.startsWith(" ") && line.contains("%%loadFromPOM")), text);
        assertTrue(text.contains("List the available line and cell magics."), text);
    }
}
