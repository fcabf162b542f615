package io.javagpu.kernel.handlers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IPython's help syntax, {@code String?} or {@code ?Math.max}: the cell asks for documentation in the pager. */
final class HelpQuery {
    private static final Pattern QUESTION = Pattern.compile(
            "^\\s*(?:\\?{1,2}\\s*([A-Za-z_$][\\w$.]*(?:\\()?)|([A-Za-z_$][\\w$.]*(?:\\()?)\\s*\\?{1,2})\\s*$");

    private HelpQuery() {
    }

    /** The expression whose documentation is asked for, when the whole cell is a help query. */
    static Optional<String> target(String cell) {
        Matcher matcher = QUESTION.matcher(cell);
        if (!matcher.matches()) return Optional.empty();
        return Optional.of(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    }
}
