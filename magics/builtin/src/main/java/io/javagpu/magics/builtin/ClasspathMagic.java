package io.javagpu.magics.builtin;

import io.javagpu.magics.CommandMagic;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** %classpath: adds jars or class folders (globs allowed); with no arguments, lists the added class path. */
@Command(name = "classpath", description = "Add jars or class folders to the class path (no arguments: list it).")
public final class ClasspathMagic extends CommandMagic {
    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Jar files or class folders; globs such as lib/*.jar are expanded.")
    private List<String> paths = new ArrayList<>();

    @Override
    protected Object run(MagicContext context) throws MagicException {
        if (paths.isEmpty()) {
            List<Path> current = context.classpath();
            if (current.isEmpty()) context.out().println("Nothing added to the class path yet.");
            current.forEach(context.out()::println);
            return new ArrayList<>(current);
        }
        List<Path> entries = new ArrayList<>();
        for (String pattern : paths) entries.addAll(PathGlobs.expand(context.workingDirectory(), pattern));
        return ClasspathAdder.add(context, entries);
    }
}
