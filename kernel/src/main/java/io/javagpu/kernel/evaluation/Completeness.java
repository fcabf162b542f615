package io.javagpu.kernel.evaluation;

import jdk.jshell.SourceCodeAnalysis;

import java.util.regex.Pattern;

/**
 * Whether a cell is ready to run, as is_complete asks: "complete", "incomplete" (with the indent for the next line)
 * or "invalid" (no continuation can make it valid). Magic lines count as complete.
 */
public record Completeness(String status, String indent) {
    private static final Pattern MAGIC_LINE = Pattern.compile("(?m)^\\s*%.*$");

    static Completeness of(SourceCodeAnalysis analysis, String code) {
        if (code.stripLeading().startsWith("%%")) return new Completeness("complete", "");
        String status = status(analysis, MAGIC_LINE.matcher(code).replaceAll(""));
        return new Completeness(status, status.equals("incomplete") ? indentFor(code) : "");
    }

    private static String status(SourceCodeAnalysis analysis, String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> remaining = info.remaining();
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return neverValid(remaining) ? "invalid" : "incomplete";
                }
                case EMPTY -> {
                    return "complete";
                }
                default -> {
                    return "invalid";
                }
            }
        }
        return "complete";
    }

    /**
     * JShell calls {@code class {} incomplete although no suffix can make it valid: a class, interface, enum or
     * record keyword whose name is missing ({@code record(} may be a call of a method named record), or a closing
     * bracket with no opening one.
     */
    static boolean neverValid(String code) {
        if (Pattern.compile("(?s)^\\s*(?:(?:public|private|protected|static|final|abstract|sealed)\\s+)*"
                + "(?:(?:class|interface|enum)\\s*[{(<]|record\\s*[{<])").matcher(code).find()) {
            return true;
        }
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfLiteral(code, i, c);
            } else if (code.startsWith("//", i)) {
                i = code.indexOf('\n', i) < 0 ? code.length() : code.indexOf('\n', i);
            } else if (code.startsWith("/*", i)) {
                i = code.indexOf("*/", i + 2) < 0 ? code.length() : code.indexOf("*/", i + 2) + 1;
            } else if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ')' || c == ']') && --depth < 0) {
                return true;
            }
        }
        return false;
    }

    /** The index of the quote closing the literal that opens at {@code start} (or the end of the code). */
    private static int endOfLiteral(String code, int start, char quote) {
        for (int i = start + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') i++;
            else if (c == quote || c == '\n') return i;
        }
        return code.length();
    }

    /** Four spaces per brace or parenthesis still open on the last lines. */
    static String indentFor(String code) {
        int depth = 0;
        for (char c : code.toCharArray()) {
            if (c == '{' || c == '(') depth++;
            else if ((c == '}' || c == ')') && depth > 0) depth--;
        }
        return "    ".repeat(Math.max(depth, 0));
    }
}
