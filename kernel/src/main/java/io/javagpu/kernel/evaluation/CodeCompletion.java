package io.javagpu.kernel.evaluation;

import io.javagpu.magics.MagicRegistry;
import jdk.jshell.SourceCodeAnalysis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Completion at a cursor: magic names after % or %%, JShell's suggestions elsewhere (type matches first). */
final class CodeCompletion {
    private static final Pattern MAGIC_PREFIX = Pattern.compile("^\\s*%%?([\\w.-]*)$");
    /**
     * A member of a value just before the cursor: after the dot of a simple name ({@code text.le}, {@code $3.}), of a
     * call, of an element or of a literal ({@code xs.stream().ma}, {@code "abc".}).
     */
    private static final Pattern VALUE_MEMBER = Pattern.compile(
            "(?:(?<![\\p{javaJavaIdentifierPart}.])(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)|[)\\]\"'])"
                    + "\\s*\\.\\s*\\p{javaJavaIdentifierPart}*$");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\b");

    private CodeCompletion() {
    }

    /** {@code cursor} is a char index; the result's offsets are char indexes too. */
    static Completion complete(JShellEvaluator evaluator, MagicRegistry registry, String code, int cursor) {
        Set<String> matches = new LinkedHashSet<>();
        String linePrefix = code.substring(code.lastIndexOf('\n', cursor - 1) + 1, cursor);
        Matcher magic = MAGIC_PREFIX.matcher(linePrefix);
        if (magic.matches()) {
            matches.addAll(registry.complete(magic.group(1)));
            return new Completion(List.copyOf(matches), cursor - magic.group(1).length(), cursor);
        }
        SourceCodeAnalysis analysis = completesValueMember(linePrefix, evaluator::isActiveVariable)
                ? evaluator.analysis() : evaluator.completionAnalysis();
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(code, cursor, anchor);
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType).forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new Completion(List.copyOf(matches), anchor[0], cursor);
    }

    /**
     * Whether the cursor is on a member of a value (a declared variable, a call, an element, a literal). Such a
     * completion never lists package names, the one thing JShell's class index gives completion, so it need not wait
     * for the index, which the first completion of a session otherwise waits ~0.5 s for ({@link DeferredClassIndex}).
     */
    static boolean completesValueMember(String linePrefix, Predicate<String> isVariable) {
        if (IMPORT.matcher(linePrefix).find()) return false;
        Matcher member = VALUE_MEMBER.matcher(linePrefix);
        return member.find() && (member.group(1) == null || isVariable.test(member.group(1)));
    }
}
