package io.javagpu.magics.builtin;

import io.javagpu.kernel.evaluation.NotebookContext;
import io.javagpu.magics.MagicException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** %maven, %mavenRepo and %%loadFromPOM against a repository in a temporary folder; no network is used. */
class MavenMagicTest {
    @TempDir
    Path temp;
    private FileRepository repository;
    private Path localRepository;
    private NotebookContext context;
    private MavenSession session;

    @BeforeEach
    void setUp() throws Exception {
        repository = new FileRepository(temp.resolve("remote"));
        localRepository = temp.resolve("local");
        context = new NotebookContext(temp);
    }

    @AfterEach
    void tearDown() {
        context.close();
        if (session != null) session.close();
    }

    /** A session whose settings mirror every repository, Maven Central included, to the folder. */
    private MavenSession mirroredSession(boolean offline) throws Exception {
        Path settings = Files.writeString(temp.resolve("settings.xml"), """
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <localRepository>%s</localRepository>
                  <offline>%s</offline>
                  <mirrors>
                    <mirror><id>folder</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>""".formatted(localRepository, offline, repository.url()));
        return new MavenSession(MavenSettings.read(settings));
    }

    private void assertAandBAdded(Object result) throws Exception {
        List<?> added = (List<?>) result;
        assertEquals(List.of("a-1.0.jar", "b-1.0.jar"), added.stream().map(p -> ((Path) p).getFileName().toString()).toList());
        for (Object path : added) assertTrue(((Path) path).startsWith(localRepository), path.toString());
        assertEquals(added, context.classpath());
        assertEquals("A uses B", context.eval("fixture.a.A.hello()"));
    }

    @Test
    void resolvesTransitivelyThroughAMirrorAndAddsToTheClassPath() throws Exception {
        session = mirroredSession(false);
        Object result = new MavenMagic(session).runLine(context.magicContext(), "fixture:a:1.0");
        assertAandBAdded(result);
        assertTrue(result instanceof java.util.ArrayList, "a public result class");
        String out = context.stdout();
        assertTrue(out.contains("Downloading " + repository.url() + "fixture/a/1.0/a-1.0.jar"), out);
        assertTrue(out.contains("Downloaded b-1.0.jar"), out);
        assertTrue(out.contains("Added 2 entries to the class path."), out);
        assertTrue(Files.isRegularFile(localRepository.resolve("fixture/b/1.0/b-1.0.jar")));
    }

    @Test
    void mavenRepoAddsARepositoryForLaterCalls() throws Exception {
        session = new MavenSession(new MavenSettings(localRepository, false, List.of()));
        new MavenRepoMagic(session).runLine(context.magicContext(), "--remove central");
        assertThrows(MagicException.class, () -> new MavenMagic(session).runLine(context.magicContext(), "-q fixture:a:1.0"));
        new MavenRepoMagic(session).runLine(context.magicContext(), "folder remote");
        assertEquals(List.of("folder"), List.copyOf(session.repositories().keySet()));
        assertEquals(repository.url(), session.repositories().get("folder"));
        assertAandBAdded(new MavenMagic(session).runLine(context.magicContext(), "-q fixture:a:1.0"));
        assertTrue(!context.stdout().contains("Downloading"), "quiet");
    }

    @Test
    void intransitiveAddsOnlyTheNamedArtifact() throws Exception {
        session = mirroredSession(false);
        List<?> added = (List<?>) new MavenMagic(session).runLine(context.magicContext(), "--intransitive fixture:a:1.0");
        assertEquals(1, added.size());
    }

    @Test
    void offlineUsesOnlyTheLocalRepository() throws Exception {
        session = mirroredSession(true);
        MagicException offline = assertThrows(MagicException.class, () -> new MavenMagic(session).runLine(context.magicContext(), "fixture:a:1.0"));
        assertTrue(offline.getMessage().contains("offline"), offline.getMessage());
        session.close();
        session = mirroredSession(false);
        new MavenMagic(session).runLine(context.magicContext(), "-q fixture:a:1.0");
        session.close();
        session = mirroredSession(true);
        context.close();
        context = new NotebookContext(temp);
        assertAandBAdded(new MavenMagic(session).runLine(context.magicContext(), "fixture:a:1.0"));
    }

    @Test
    void missingArtifactsAndBadCoordinatesAreMagicErrors() throws Exception {
        session = mirroredSession(false);
        MagicException missing = assertThrows(MagicException.class, () -> new MavenMagic(session).runLine(context.magicContext(), "fixture:nope:9"));
        assertTrue(missing.getMessage().startsWith("Could not resolve fixture:nope:jar:9"), missing.getMessage());
        MagicException bad = assertThrows(MagicException.class, () -> new MavenMagic(session).runLine(context.magicContext(), "just-a-name"));
        assertTrue(bad.getMessage().startsWith("Bad Maven coordinates 'just-a-name'"), bad.getMessage());
        assertThrows(MagicException.class, () -> new MavenMagic(session).runLine(context.magicContext(), ""));
        assertEquals(List.of(), context.classpath());
    }

    @Test
    void loadFromPomResolvesDependenciesAndRepositoriesOfASnippet() throws Exception {
        session = new MavenSession(new MavenSettings(localRepository, false, List.of()));
        session.removeRepository(MavenSession.CENTRAL_ID);
        Object result = new LoadFromPomMagic(session).runCell(context.magicContext(), "", """
                <properties><fixture.version>1.0</fixture.version></properties>
                <repositories>
                  <repository><id>folder</id><url>%s</url></repository>
                </repositories>
                <dependencies>
                  <dependency><groupId>fixture</groupId><artifactId>a</artifactId><version>${fixture.version}</version></dependency>
                  <dependency><groupId>fixture</groupId><artifactId>missing</artifactId><version>1</version><scope>test</scope></dependency>
                </dependencies>""".formatted(repository.url()));
        assertAandBAdded(result);
        assertTrue(context.stdout().contains("Skipping test-scoped fixture:missing:jar"), context.stdout());
        assertEquals(repository.url(), session.repositories().get("folder"));
    }

    @Test
    void loadFromPomAcceptsAWholeProject() throws Exception {
        session = mirroredSession(false);
        Object result = new LoadFromPomMagic(session).runCell(context.magicContext(), "-q", """
                <?xml version="1.0"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>x</groupId><artifactId>y</artifactId><version>1</version>
                  <dependencies>
                    <dependency><groupId>fixture</groupId><artifactId>a</artifactId><version>1.0</version>
                      <exclusions><exclusion><groupId>fixture</groupId><artifactId>b</artifactId></exclusion></exclusions>
                    </dependency>
                  </dependencies>
                </project>""");
        assertEquals(1, ((List<?>) result).size());
    }

    @Test
    void loadFromPomReportsBrokenXml() throws Exception {
        session = mirroredSession(false);
        MagicException broken = assertThrows(MagicException.class, () -> new LoadFromPomMagic(session).runCell(context.magicContext(), "", "<dependencies><dependency>"));
        assertTrue(broken.getMessage().startsWith("Cannot read the POM"), broken.getMessage());
        MagicException asLine = assertThrows(MagicException.class, () -> new LoadFromPomMagic(session).runLine(context.magicContext(), ""));
        assertTrue(asLine.getMessage().contains("cell magic"), asLine.getMessage());
    }
}
