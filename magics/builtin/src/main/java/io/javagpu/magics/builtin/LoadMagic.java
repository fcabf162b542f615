package io.javagpu.magics.builtin;

import io.javagpu.magics.CommandMagic;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** %load: evaluates a .java or .jsh file in the notebook, as if its content were a cell. */
@Command(name = "load", description = "Evaluate a .java or .jsh file in the notebook.")
public final class LoadMagic extends CommandMagic {
    /** JShell snippets live in no package, so a package line at the top of a .java file is dropped. */
    private static final Pattern PACKAGE_DECLARATION = Pattern.compile("\\A(\\s*(//[^\\n]*\\n|/\\*.*?\\*/)\\s*)*\\s*package\\s+[\\w.]+\\s*;", Pattern.DOTALL);

    @Parameters(index = "0", paramLabel = "FILE", description = "The file, relative to the notebook's folder.")
    private String file;

    @Override
    protected Object run(MagicContext context) throws Exception {
        Path path = context.workingDirectory().resolve(PathGlobs.expandHome(file)).normalize();
        if (!Files.isRegularFile(path)) throw new MagicException("No such file: " + file + " (looked for " + path + ")");
        String source;
        try {
            source = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MagicException("Cannot read " + path + ": " + e.getMessage(), e);
        }
        return context.eval(withoutPackage(source));
    }

    static String withoutPackage(String source) {
        var matcher = PACKAGE_DECLARATION.matcher(source);
        if (!matcher.find()) return source;
        // Keep the line count so that error line numbers still match the file.
        String removed = matcher.group();
        return removed.replaceAll("[^\\n]", " ") + source.substring(matcher.end());
    }
}
