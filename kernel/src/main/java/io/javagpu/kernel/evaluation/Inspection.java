package io.javagpu.kernel.evaluation;

import jdk.jshell.SourceCodeAnalysis;

import java.util.List;
import java.util.function.Function;

/** Documentation at a cursor (signatures and javadoc), or a variable's type and value; empty text when nothing is known. */
public record Inspection(String text) {
    private static final int SHORT_JAVADOC = 2000;

    public boolean found() {
        return !text.isEmpty();
    }

    /** {@code cursor} is a char index; {@code variableDescription} gives "name : type = value" for a variable, or null. */
    static Inspection of(SourceCodeAnalysis analysis, String code, int cursor, boolean detailed,
                         Function<String, String> variableDescription) {
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, cursor, true);
        if (docs.isEmpty()) docs = asCall(analysis, code, cursor);
        if (!docs.isEmpty()) {
            StringBuilder text = new StringBuilder();
            for (SourceCodeAnalysis.Documentation doc : docs) {
                if (text.length() > 0) text.append("\n\n");
                text.append(doc.signature());
                if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                    String javadoc = doc.javadoc().strip();
                    text.append("\n").append(detailed || javadoc.length() < SHORT_JAVADOC ? javadoc
                            : javadoc.substring(0, SHORT_JAVADOC) + " …");
                }
            }
            return new Inspection(text.toString());
        }
        String word = wordAt(code, cursor);
        String variable = word.isEmpty() ? null : variableDescription.apply(word);
        return new Inspection(variable == null ? "" : variable);
    }

    /**
     * JShell documents a method from inside its call's parentheses: a cursor on a method's name with no call after it
     * ({@code Optional.empty}) is looked up as if the parenthesis were there.
     */
    private static List<SourceCodeAnalysis.Documentation> asCall(SourceCodeAnalysis analysis, String code, int cursor) {
        int end = wordEnd(code, Math.min(cursor, code.length()));
        if (end == 0 || !Character.isJavaIdentifierPart(code.charAt(end - 1)) || (end < code.length() && code.charAt(end) == '(')) {
            return List.of();
        }
        return analysis.documentation(code.substring(0, end) + "(" + code.substring(end), end + 1, true);
    }

    static String wordAt(String code, int cursor) {
        int end = wordEnd(code, cursor);
        int start = Math.min(cursor, code.length());
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) start--;
        return code.substring(start, end);
    }

    /** Where the identifier that {@code from} is in (or just after) ends. */
    private static int wordEnd(String code, int from) {
        int end = from;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
        return end;
    }
}
