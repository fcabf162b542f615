package io.javagpu.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a cell into Java code and magics, in order: a cell magic ({@code %%name args} on the first line) takes
 * the whole cell; otherwise each line starting with {@code %name} is a line magic, and {@code ... = %name args}
 * is a line magic used as an expression.
 */
public final class CellParser {
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%([A-Za-z][\\w.-]*)[ \\t]*(.*)$");
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%([A-Za-z][\\w.-]*)[ \\t]*(.*?)\\s*;?\\s*$");
    private static final Pattern EXPRESSION_MAGIC = Pattern.compile("^(.*=\\s*)%([A-Za-z][\\w.-]*)[ \\t]*(.*?)\\s*;?\\s*$");

    public sealed interface Segment permits Code, LineMagic, CellMagic {
    }

    /** Java source; {@code firstLine} is its 0-based line in the cell. */
    public record Code(String source, int firstLine) implements Segment {
    }

    /** {@code %name args}; when used as an expression, {@code assignment} is the code before it ("var r = "). */
    public record LineMagic(String name, String args, int line, String assignment) implements Segment {
        public boolean isExpression() {
            return assignment != null;
        }
    }

    public record CellMagic(String name, String args, String body) implements Segment {
    }

    private CellParser() {
    }

    public static List<Segment> parse(String cell) {
        List<Segment> segments = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) first++;
        if (first < lines.length) {
            Matcher cellMagic = CELL_MAGIC.matcher(lines[first]);
            if (cellMagic.matches()) {
                String body = String.join("\n", java.util.Arrays.asList(lines).subList(first + 1, lines.length));
                segments.add(new CellMagic(cellMagic.group(1), cellMagic.group(2).trim(), body));
                return segments;
            }
        }
        StringBuilder code = new StringBuilder();
        int codeStart = 0;
        for (int i = 0; i < lines.length; i++) {
            Segment magic = lineMagic(lines[i], i);
            if (magic == null) {
                if (code.length() == 0) codeStart = i;
                code.append(lines[i]).append('\n');
                continue;
            }
            flushCode(segments, code, codeStart);
            segments.add(magic);
        }
        flushCode(segments, code, codeStart);
        return segments;
    }

    /** The magic on this line, or null when the line is Java. */
    static Segment lineMagic(String line, int index) {
        Matcher statement = LINE_MAGIC.matcher(line);
        if (statement.matches()) return new LineMagic(statement.group(1), statement.group(2), index, null);
        Matcher expression = EXPRESSION_MAGIC.matcher(line);
        if (expression.matches() && !insideStringOrComment(expression.group(1))) {
            return new LineMagic(expression.group(2), expression.group(3), index, expression.group(1));
        }
        return null;
    }

    private static boolean insideStringOrComment(String before) {
        boolean inString = false;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            if (c == '\\' && inString) {
                i++;
            } else if (c == '"') {
                inString = !inString;
            } else if (!inString && c == '/' && i + 1 < before.length() && before.charAt(i + 1) == '/') {
                return true;
            }
        }
        return inString || before.chars().filter(c -> c == '\'').count() % 2 == 1;
    }

    private static void flushCode(List<Segment> segments, StringBuilder code, int codeStart) {
        if (code.length() > 0 && !code.toString().isBlank()) segments.add(new Code(code.toString(), codeStart));
        code.setLength(0);
    }
}
