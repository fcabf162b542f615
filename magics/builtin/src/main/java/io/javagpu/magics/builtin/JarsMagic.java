package io.javagpu.magics.builtin;

import io.javagpu.magics.CommandMagic;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** %jars: adds the jar files that the patterns match (folders given are searched for *.jar directly inside). */
@Command(name = "jars", description = "Add jar files matching glob patterns to the class path.")
public final class JarsMagic extends CommandMagic {
    @Parameters(arity = "1..*", paramLabel = "GLOB", description = "Jar files or patterns such as lib/*.jar or libs/**.jar; a folder means its *.jar files.")
    private List<String> patterns = new ArrayList<>();

    @Override
    protected Object run(MagicContext context) throws MagicException {
        List<Path> jars = new ArrayList<>();
        for (String pattern : patterns) {
            List<Path> matched = new ArrayList<>();
            for (Path path : PathGlobs.expand(context.workingDirectory(), pattern)) {
                if (Files.isDirectory(path)) matched.addAll(jarsIn(path));
                else if (path.getFileName().toString().endsWith(".jar")) matched.add(path);
            }
            if (matched.isEmpty()) throw new MagicException("No jar files match " + pattern);
            jars.addAll(matched);
        }
        return ClasspathAdder.add(context, jars);
    }

    private static List<Path> jarsIn(Path folder) throws MagicException {
        try {
            return PathGlobs.expand(folder, "*.jar");
        } catch (MagicException none) {
            return List.of();
        }
    }
}
