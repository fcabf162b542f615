package io.javagpu.magics;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits magic arguments like a POSIX shell: whitespace separates words, 'single' and "double" quotes group
 * (and are removed), a backslash outside single quotes escapes the next character. Each word remembers where it
 * started in the original text, so a magic can take "the rest of the line" verbatim (code for %time).
 */
public final class ShellWords {
    /** One word and the index in the original text where it starts. */
    public record Word(String text, int start) {
    }

    private ShellWords() {
    }

    public static List<String> split(String line) throws MagicException {
        return words(line).stream().map(Word::text).toList();
    }

    public static List<Word> words(String line) throws MagicException {
        List<Word> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = -1;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') quote = 0;
                else current.append(c);
                continue;
            }
            if (c == '\\' && i + 1 < line.length()) {
                if (start < 0) start = i;
                char next = line.charAt(++i);
                // Inside double quotes a backslash only escapes the characters a shell would let it escape.
                if (quote == '"' && next != '"' && next != '\\' && next != '$' && next != '`') current.append('\\');
                current.append(next);
                continue;
            }
            if (quote == '"') {
                if (c == '"') quote = 0;
                else current.append(c);
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (start >= 0) words.add(new Word(current.toString(), start));
                current.setLength(0);
                start = -1;
                continue;
            }
            if (start < 0) start = i;
            if (c == '\'' || c == '"') quote = c;
            else current.append(c);
        }
        if (quote != 0) throw new MagicException("Unbalanced " + quote + " quote in: " + line);
        if (start >= 0) words.add(new Word(current.toString(), start));
        return words;
    }
}
