package io.javagpu.magics.builtin;

import io.javagpu.magics.CommandMagic;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import org.apache.maven.model.Model;
import org.apache.maven.model.Repository;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * %%loadFromPOM: the cell holds a POM, a whole {@code <project>} or just {@code <dependencies>},
 * {@code <repositories>}, {@code <properties>} or {@code <dependencyManagement>} elements; its repositories are
 * added to the session and its (non-test) dependencies resolved and added to the class path. ${property}
 * references to the snippet's own properties are replaced; parent POMs are not read.
 */
@Command(name = "loadFromPOM", description = "Resolve the dependencies and repositories of a POM snippet in the cell.")
public final class LoadFromPomMagic extends CommandMagic {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern XML_DECLARATION = Pattern.compile("\\A\\s*<\\?xml[^>]*\\?>");

    @Option(names = {"-q", "--quiet"}, description = "Do not print download progress.")
    private boolean quiet;

    private final MavenSession session;

    public LoadFromPomMagic() {
        this(null);
    }

    public LoadFromPomMagic(MavenSession session) {
        this.session = session;
    }

    @Override
    public boolean isLineMagic() {
        return false;
    }

    @Override
    public boolean isCellMagic() {
        return true;
    }

    @Override
    protected Object run(MagicContext context) throws MagicException {
        throw new MagicException("%loadFromPOM is a cell magic: put %%loadFromPOM on the first line and the POM below it");
    }

    @Override
    protected Object runCell(MagicContext context, String body) throws MagicException {
        Model model = parse(body);
        MavenSession maven = session != null ? session : MavenSession.shared();
        Properties properties = properties(model);
        for (Repository repository : model.getRepositories()) {
            if (repository.getUrl() == null) throw new MagicException("Repository " + repository.getId() + " has no <url>");
            String url = interpolate(repository.getUrl(), properties);
            maven.addRepository(repository.getId() == null ? url : repository.getId(), url);
            context.out().println("Added Maven repository " + repository.getId() + ": " + url);
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (org.apache.maven.model.Dependency dependency : model.getDependencies()) {
            if ("test".equals(dependency.getScope())) {
                context.out().println("Skipping test-scoped " + dependency.getManagementKey());
                continue;
            }
            dependencies.add(toAether(dependency, properties, false));
        }
        List<Dependency> managed = new ArrayList<>();
        if (model.getDependencyManagement() != null) {
            for (org.apache.maven.model.Dependency dependency : model.getDependencyManagement().getDependencies()) {
                managed.add(toAether(dependency, properties, true));
            }
        }
        if (dependencies.isEmpty()) {
            context.out().println("No dependencies to resolve.");
            return new ArrayList<Path>();
        }
        List<Path> files = maven.resolve(dependencies, managed, quiet ? null : new ProgressTransferListener(context.out()));
        return ClasspathAdder.add(context, files);
    }

    static Model parse(String body) throws MagicException {
        String xml = XML_DECLARATION.matcher(body).replaceFirst("").strip();
        if (xml.isEmpty()) throw new MagicException("%%loadFromPOM needs a POM or <dependencies> in the cell body");
        if (!xml.startsWith("<project")) {
            if (xml.startsWith("<dependency>") || xml.startsWith("<dependency ")) xml = "<dependencies>" + xml + "</dependencies>";
            xml = "<project><modelVersion>4.0.0</modelVersion>" + xml + "</project>";
        }
        try {
            return new MavenXpp3Reader().read(new StringReader(xml), false);
        } catch (XmlPullParserException e) {
            throw new MagicException("Cannot read the POM: " + e.getMessage());
        } catch (IOException e) {
            throw new MagicException("Cannot read the POM: " + e.getMessage(), e);
        }
    }

    private static Properties properties(Model model) {
        Properties properties = new Properties();
        properties.putAll(model.getProperties());
        if (model.getGroupId() != null) properties.setProperty("project.groupId", model.getGroupId());
        if (model.getVersion() != null) properties.setProperty("project.version", model.getVersion());
        return properties;
    }

    private static Dependency toAether(org.apache.maven.model.Dependency dependency, Properties properties, boolean managed)
            throws MagicException {
        String groupId = interpolate(dependency.getGroupId(), properties);
        String artifactId = interpolate(dependency.getArtifactId(), properties);
        String version = interpolate(dependency.getVersion(), properties);
        if (groupId == null || artifactId == null) throw new MagicException("A <dependency> lacks <groupId> or <artifactId>");
        if (version == null && !managed) throw new MagicException("Dependency " + groupId + ":" + artifactId + " has no <version>");
        String extension = dependency.getType() == null || dependency.getType().equals("jar") ? "jar" : dependency.getType();
        DefaultArtifact artifact = new DefaultArtifact(groupId, artifactId, interpolate(dependency.getClassifier(), properties),
                extension, version == null ? "" : version);
        List<Exclusion> exclusions = new ArrayList<>();
        for (org.apache.maven.model.Exclusion exclusion : dependency.getExclusions()) {
            exclusions.add(new Exclusion(exclusion.getGroupId(), exclusion.getArtifactId(), "*", "*"));
        }
        String scope = dependency.getScope() == null ? "compile" : dependency.getScope();
        return new Dependency(artifact, scope, dependency.isOptional(), exclusions);
    }

    static String interpolate(String text, Properties properties) {
        if (text == null) return null;
        Matcher matcher = PROPERTY.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = properties.getProperty(matcher.group(1), System.getProperty(matcher.group(1)));
            matcher.appendReplacement(result, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
