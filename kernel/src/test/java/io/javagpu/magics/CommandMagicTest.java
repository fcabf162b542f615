package io.javagpu.magics;

import io.javagpu.kernel.evaluation.NotebookContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandMagicTest {
    @Command(name = "greet", description = {"Say hello to %%people.", "Second line."})
    static final class Greet extends CommandMagic {
        @Option(names = {"-t", "--times"}, defaultValue = "1")
        int times;

        @Option(names = "--loud")
        boolean loud;

        @Parameters(arity = "1..*")
        List<String> names = new ArrayList<>();

        @Override
        protected Object run(MagicContext context) {
            String line = String.join("+", names) + "x" + times + (loud ? "!" : "");
            context.out().print(line);
            return line;
        }
    }

    @Command(name = "code", description = "Runs code.")
    static final class Code extends CommandMagic {
        @Option(names = "-n")
        Integer n;

        @Parameters(arity = "0..*")
        List<String> words = new ArrayList<>();

        @Override
        public boolean isCellMagic() {
            return true;
        }

        @Override
        protected boolean takesCode() {
            return true;
        }

        @Override
        protected Object run(MagicContext context) {
            return n + "|" + code();
        }

        @Override
        protected Object runCell(MagicContext context, String body) {
            return n + "|" + code() + "|" + body;
        }
    }

    private final NotebookContext context = new NotebookContext(Path.of("."));

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void nameAndSummaryComeFromTheAnnotation() {
        Greet greet = new Greet();
        assertEquals("greet", greet.name());
        assertEquals("Say hello to %people.", greet.summary());
    }

    @Test
    void parsesShellLikeArguments() throws Exception {
        assertEquals("Ada Lovelace+Alan Turingx3!", new Greet().runLine(context.magicContext(), "-t 3 'Ada Lovelace' \"Alan Turing\" --loud"));
    }

    @Test
    void fieldsAreResetBetweenRuns() throws Exception {
        Greet greet = new Greet();
        assertEquals("ax5!", greet.runLine(context.magicContext(), "--times=5 --loud a"));
        assertEquals("bx1", greet.runLine(context.magicContext(), "b"));
    }

    @Test
    void helpPrintsUsageAndReturnsNull() throws Exception {
        assertNull(new Greet().runLine(context.magicContext(), "--help"));
        String out = context.stdout();
        assertTrue(out.startsWith("Usage: %greet [-h] [--loud] [-t=<times>] <names>..."), out);
        assertTrue(out.contains("Say hello to %people."), out);
        assertNull(new Greet().runLine(context.magicContext(), "-h"));
    }

    @Test
    void badArgumentsGiveThePicocliErrorAndTheUsage() {
        MagicException unknown = assertThrows(MagicException.class, () -> new Greet().runLine(context.magicContext(), "--bogus a"));
        assertTrue(unknown.getMessage().startsWith("Unknown option: '--bogus'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("Usage: %greet"), unknown.getMessage());

        MagicException missing = assertThrows(MagicException.class, () -> new Greet().runLine(context.magicContext(), "-t 2"));
        assertTrue(missing.getMessage().startsWith("Missing required parameter"), missing.getMessage());

        MagicException notANumber = assertThrows(MagicException.class, () -> new Greet().runLine(context.magicContext(), "-t many a"));
        assertTrue(notANumber.getMessage().contains("'many' is not an int"), notANumber.getMessage());
    }

    @Test
    void atFilesAreNotExpanded() throws Exception {
        assertEquals("@Override+@nonexistent-filex1", new Greet().runLine(context.magicContext(), "@Override @nonexistent-file"));
    }

    @Test
    void codeAfterOptionsIsKeptVerbatim() throws Exception {
        Code code = new Code();
        assertEquals("5|\"a  b\".length() + 'c'", code.runLine(context.magicContext(), "-n 5 \"a  b\".length() + 'c'"));
        assertEquals("null|-x * 2", code.runLine(context.magicContext(), "-x * 2"));
        assertEquals("3|-n 4", code.runLine(context.magicContext(), "-n 3 -- -n 4"));
        assertEquals("null|", code.runLine(context.magicContext(), ""));
        assertEquals("null|s.charAt(0) == '\\''", code.runLine(context.magicContext(), "s.charAt(0) == '\\''"));
    }

    @Test
    void cellFormParsesTheFirstLine() throws Exception {
        assertEquals("7||body", new Code().runCell(context.magicContext(), "-n 7", "body"));
        MagicException notCell = assertThrows(MagicException.class, () -> new Greet().runCell(context.magicContext(), "", "body"));
        assertEquals("%%greet is not a cell magic; use %greet", notCell.getMessage());
    }

    @Test
    void usageOfCellMagicsMentionsTheCellForm() {
        assertTrue(new Code().usage().contains("Also a cell magic: %%code"), new Code().usage());
    }
}
