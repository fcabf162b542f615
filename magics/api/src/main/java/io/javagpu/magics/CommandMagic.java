package io.javagpu.magics;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.List;

/**
 * Base class for magics whose arguments are declared with picocli annotations on the subclass's fields.
 * The subclass carries {@code @Command(name = "...", description = "...")}: the name is the magic's name and the
 * first description line its %lsmagic summary. picocli treats these texts as format strings: write %% for %.
 * Arguments are split like a shell ({@link ShellWords}); {@code -h}/{@code --help} prints the usage; bad arguments
 * become a {@link MagicException} with picocli's message and the usage.
 *
 * <p>A magic that takes code after its options ({@code %timeit -n 10 list.sort(null)}) overrides
 * {@link #takesCode()}; the code is then available verbatim (quotes and all) from {@link #code()}.
 *
 * <p>Fields are reset by picocli before every parse; runs are serialised because the fields are shared.
 */
public abstract class CommandMagic implements Magic {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean helpRequested;

    private CommandLine commandLine;
    private String code = "";

    @Override
    public String name() {
        return annotation().name();
    }

    @Override
    public String summary() {
        String[] description = annotation().description();
        // picocli texts are format strings: a literal % is written %%.
        return description.length == 0 ? "" : description[0].replace("%n", " ").replace("%%", "%");
    }

    private Command annotation() {
        Command command = getClass().getAnnotation(Command.class);
        if (command == null) throw new IllegalStateException(getClass().getName() + " lacks @Command");
        return command;
    }

    /** Whether everything after the options is code, kept verbatim instead of being split into words. */
    protected boolean takesCode() {
        return false;
    }

    /** For magics that {@link #takesCode() take code}: the text after the options, exactly as typed. */
    protected String code() {
        return code;
    }

    /** The line form, after the arguments were parsed into the annotated fields. */
    protected abstract Object run(MagicContext context) throws Exception;

    /** The cell form, after the arguments on the %% line were parsed. Only called when {@link #isCellMagic()}. */
    protected Object runCell(MagicContext context, String body) throws Exception {
        throw new MagicException("%%" + name() + " is not a cell magic; use %" + name());
    }

    @Override
    public final synchronized Object runLine(MagicContext context, String args) throws Exception {
        if (!isLineMagic()) throw new MagicException("%" + name() + " is a cell magic; use %%" + name());
        if (!parse(context, args)) return null;
        return run(context);
    }

    @Override
    public final synchronized Object runCell(MagicContext context, String args, String body) throws Exception {
        if (!isCellMagic()) throw new MagicException("%%" + name() + " is not a cell magic; use %" + name());
        if (!parse(context, args)) return null;
        return runCell(context, body);
    }

    /** The usage text, as --help prints it. */
    public synchronized String usage() {
        return commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** Fills the fields from {@code args}; false when help was printed instead. */
    private boolean parse(MagicContext context, String args) throws MagicException {
        String line = args == null ? "" : args;
        code = "";
        List<ShellWords.Word> words;
        try {
            words = ShellWords.words(line);
        } catch (MagicException unbalanced) {
            // Java code may hold a lone quote ('\'' or a text block): then it is all code, with no options.
            if (!takesCode() || line.strip().startsWith("-")) throw unbalanced;
            words = List.of();
            line = "";
            code = args.strip();
        }
        String[] texts = words.stream().map(ShellWords.Word::text).toArray(String[]::new);
        CommandLine cli = commandLine();
        CommandLine.ParseResult result;
        try {
            result = cli.parseArgs(texts);
        } catch (ParameterException e) {
            throw new MagicException(e.getMessage() + "\n" + usage());
        }
        if (cli.isUsageHelpRequested()) {
            context.out().print(usage());
            context.out().flush();
            return false;
        }
        if (takesCode() && !line.isEmpty()) code = codeAfterOptions(line, words, result);
        return true;
    }

    /** With stop-at-positional parsing, the first positional word (or the word after "--") starts the code. */
    private static String codeAfterOptions(String args, List<ShellWords.Word> words, CommandLine.ParseResult result) {
        int codeWords = result.matchedPositionals().isEmpty() ? 0 : result.matchedPositionals().get(0).stringValues().size();
        if (codeWords == 0) return "";
        return args.substring(words.get(words.size() - codeWords).start()).strip();
    }

    private CommandLine commandLine() {
        if (commandLine == null) {
            CommandLine cli = new CommandLine(this);
            CommandSpec spec = cli.getCommandSpec();
            spec.name("%" + name());
            spec.usageMessage().width(100);
            if (isCellMagic()) {
                String form = isLineMagic() ? "Also a cell magic" : "A cell magic";
                spec.usageMessage().footer(form + ": %%%%" + name() + " [OPTIONS] on the first line, the rest of the cell is its body.");
            }
            cli.setExpandAtFiles(false);
            cli.setCaseInsensitiveEnumValuesAllowed(true);
            if (takesCode()) {
                if (spec.positionalParameters().isEmpty()) {
                    throw new IllegalStateException(getClass().getName() + " takes code but declares no @Parameters for it");
                }
                cli.setStopAtPositional(true);
                cli.setUnmatchedOptionsArePositionalParams(true);
            }
            commandLine = cli;
        }
        return commandLine;
    }

}
