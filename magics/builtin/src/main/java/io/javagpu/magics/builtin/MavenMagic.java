package io.javagpu.magics.builtin;

import io.javagpu.magics.CommandMagic;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.util.artifact.JavaScopes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** %maven g:a:v ...: resolves Maven artifacts with their dependencies and adds them to the class path. */
@Command(name = "maven", description = "Add Maven artifacts (group:artifact:version) and their dependencies to the class path.",
        footer = {"Coordinates: group:artifact[:extension[:classifier]]:version.",
                "Searches Maven Central and repositories added with %%mavenRepo.",
                "Honours ~/.m2/settings.xml: localRepository, offline, mirrors."})
public final class MavenMagic extends CommandMagic {
    @Parameters(arity = "1..*", paramLabel = "COORDINATES", description = "Artifacts, e.g. com.google.guava:guava:33.3.1-jre")
    private List<String> coordinates = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Do not print download progress.")
    private boolean quiet;

    @Option(names = "--intransitive", description = "Add only the named artifacts, not their dependencies.")
    private boolean intransitive;

    private final MavenSession session;

    public MavenMagic() {
        this(null);
    }

    /** With an explicit session (tests); null means the kernel's {@link MavenSession#shared()}. */
    public MavenMagic(MavenSession session) {
        this.session = session;
    }

    @Override
    protected Object run(MagicContext context) throws MagicException {
        List<Dependency> dependencies = new ArrayList<>();
        for (String coordinate : coordinates) dependencies.add(dependency(coordinate, intransitive));
        MavenSession maven = session != null ? session : MavenSession.shared();
        List<Path> files = maven.resolve(dependencies, List.of(), quiet ? null : new ProgressTransferListener(context.out()));
        return ClasspathAdder.add(context, files);
    }

    static Dependency dependency(String coordinate, boolean intransitive) throws MagicException {
        DefaultArtifact artifact;
        try {
            artifact = new DefaultArtifact(coordinate.trim());
        } catch (IllegalArgumentException e) {
            throw new MagicException("Bad Maven coordinates '" + coordinate + "': expected group:artifact[:extension[:classifier]]:version");
        }
        Dependency dependency = new Dependency(artifact, JavaScopes.COMPILE);
        if (intransitive) dependency = dependency.setExclusions(List.of(new org.eclipse.aether.graph.Exclusion("*", "*", "*", "*")));
        return dependency;
    }
}
