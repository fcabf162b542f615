package io.javagpu.kernel.evaluation;

import io.javagpu.magics.MagicRegistry;
import jdk.jshell.SourceCodeAnalysis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Completion at a cursor: magic names after % or %%, JShell's suggestions elsewhere (type matches first). */
final class CodeCompletion {
    private static final Pattern MAGIC_PREFIX = Pattern.compile("^\\s*%%?([\\w.-]*)$");

    private CodeCompletion() {
    }

    /** {@code cursor} is a char index; the result's offsets are char indexes too. */
    static Completion complete(SourceCodeAnalysis analysis, MagicRegistry registry, String code, int cursor) {
        Set<String> matches = new LinkedHashSet<>();
        String linePrefix = code.substring(code.lastIndexOf('\n', cursor - 1) + 1, cursor);
        Matcher magic = MAGIC_PREFIX.matcher(linePrefix);
        if (magic.matches()) {
            matches.addAll(registry.complete(magic.group(1)));
            return new Completion(List.copyOf(matches), cursor - magic.group(1).length(), cursor);
        }
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(code, cursor, anchor);
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType).forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new Completion(List.copyOf(matches), anchor[0], cursor);
    }
}
