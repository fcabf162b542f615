package io.javagpu.magics.builtin;

import io.javagpu.display.Table;
import io.javagpu.magics.CommandMagic;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * %env: lists, reads and sets session environment variables (see {@link SessionEnv} for why they are not the
 * process environment).
 */
@Command(name = "env", description = "List, get or set session environment variables (SessionEnv.get in code).",
        footer = {"%%env                 list all (values of names like *KEY*, *TOKEN*, *SECRET*, *PASSWORD* hidden)", "%%env NAME            print one", "%%env NAME=value      set (also: %%env NAME value)", "%%env -u NAME         unset",
                "Java cannot change its own process environment: notebook code reads these with",
                "io.javagpu.magics.builtin.SessionEnv.get(\"NAME\"), and SessionEnv.processBuilder(...) passes them to child processes."})
public final class EnvMagic extends CommandMagic {
    private static final java.util.regex.Pattern SECRET_NAME = java.util.regex.Pattern.compile(
            "KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE|AUTH", java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final String HIDDEN = "<hidden: ask %env NAME>";
    @Option(names = {"-u", "--unset"}, paramLabel = "NAME", description = "Remove a variable from the session.")
    private List<String> unset = new ArrayList<>();

    @Parameters(arity = "0..*", paramLabel = "NAME[=VALUE]", description = "A name to print, NAME=value or NAME value to set.")
    private List<String> words = new ArrayList<>();

    @Override
    protected Object run(MagicContext context) throws MagicException {
        for (String name : unset) SessionEnv.unset(name);
        if (words.isEmpty()) {
            if (!unset.isEmpty()) return null;
            Table.Builder table = Table.builder().columns("Name", "Value").maxRows(10_000);
            for (Map.Entry<String, String> entry : SessionEnv.all().entrySet()) {
                table.row(entry.getKey(), looksSecret(entry.getKey()) ? HIDDEN : entry.getValue());
            }
            context.display().display(table.build().toBundle().only(List.of("text/html")), null);
            return null;
        }
        String first = words.get(0);
        int equals = first.indexOf('=');
        if (equals > 0) {
            if (words.size() > 1) throw new MagicException("%env NAME=value takes nothing after the value; quote values with spaces");
            return set(context, first.substring(0, equals), first.substring(equals + 1));
        }
        if (equals == 0) throw new MagicException("Missing variable name before '=' in: " + first);
        if (words.size() == 1) {
            String value = SessionEnv.get(first);
            if (value == null) throw new MagicException("Environment variable " + first + " is not set");
            context.out().println(value);
            return value;
        }
        return set(context, first, String.join(" ", words.subList(1, words.size())));
    }

    /** As IPython does, a listing hides values whose names look like credentials; asking by name shows them. */
    static boolean looksSecret(String name) {
        return SECRET_NAME.matcher(name).find();
    }

    private static String set(MagicContext context, String name, String value) throws MagicException {
        try {
            SessionEnv.set(name, value);
        } catch (IllegalArgumentException e) {
            throw new MagicException(e.getMessage());
        }
        context.out().println("env: " + name + "=" + value);
        return value;
    }
}
