package io.javagpu.kernel.evaluation;

/** Conversions between Java char indexes (UTF-16 units), code point offsets and line numbers. */
public final class SourcePositions {
    private SourcePositions() {
    }

    public static int charIndex(String text, int codePointOffset) {
        int limit = Math.max(0, Math.min(codePointOffset, text.codePointCount(0, text.length())));
        return text.offsetByCodePoints(0, limit);
    }

    public static int codePointOffset(String text, int charIndex) {
        return text.codePointCount(0, Math.max(0, Math.min(charIndex, text.length())));
    }

    /** 0-based line of a char index. */
    public static int lineOf(String text, int charIndex) {
        int line = 0;
        for (int i = 0; i < Math.min(charIndex, text.length()); i++) {
            if (text.charAt(i) == '\n') line++;
        }
        return line;
    }

    /** The full line containing a char index, without its newline. */
    public static String lineText(String text, int charIndex) {
        int index = Math.max(0, Math.min(charIndex, text.length()));
        int start = text.lastIndexOf('\n', index - 1) + 1;
        int end = text.indexOf('\n', index);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    public static int column(String text, int charIndex) {
        int index = Math.max(0, Math.min(charIndex, text.length()));
        return index - (text.lastIndexOf('\n', index - 1) + 1);
    }
}
