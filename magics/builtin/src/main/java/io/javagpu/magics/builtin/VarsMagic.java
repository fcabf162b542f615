package io.javagpu.magics.builtin;

import io.javagpu.display.Table;
import io.javagpu.magics.CommandMagic;
import io.javagpu.magics.MagicContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/** %vars: the notebook's JShell variables with their types and values, as a table. */
@Command(name = "vars", description = "Show the notebook's variables with their types and values.")
public final class VarsMagic extends CommandMagic {
    private static final int DEFAULT_WIDTH = 80;

    @Option(names = {"-w", "--width"}, paramLabel = "CHARS", defaultValue = "" + DEFAULT_WIDTH,
            description = "Cut values longer than this (default: ${DEFAULT-VALUE}).")
    private int width;

    @Override
    protected Object run(MagicContext context) {
        Map<String, String> types = context.variableTypes();
        if (types.isEmpty()) {
            context.out().println("No variables defined.");
            return null;
        }
        Table.Builder table = Table.builder().columns("Name", "Type", "Value").maxRows(10_000);
        types.forEach((name, type) -> table.row(name, type, shorten(valueOf(context, name))));
        context.display().display(table.build().toBundle().only(List.of("text/html")), null);
        return null;
    }

    private static String valueOf(MagicContext context, String name) {
        try {
            return context.variableValue(name);
        } catch (RuntimeException e) {
            return "<" + e.getClass().getSimpleName() + ": " + e.getMessage() + ">";
        }
    }

    private String shorten(String value) {
        if (value == null) return "null";
        int limit = Math.max(4, width);
        return value.length() <= limit ? value : value.substring(0, limit - 1) + "…";
    }
}
