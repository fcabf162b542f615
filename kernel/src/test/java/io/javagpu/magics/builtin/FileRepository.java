package io.javagpu.magics.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Maven repository in a folder: fixture:a:1.0 depends on fixture:b:1.0 (compile) and on fixture:missing:1.0
 * (test scope, absent, so resolving it would fail). A's class calls B's.
 */
final class FileRepository {
    final Path root;

    FileRepository(Path root) throws IOException {
        this.root = root;
        Path bJar = TestJars.compiled(artifact("b", "jar"), Map.of("fixture.b.B",
                "package fixture.b; public class B { public static String name() { return \"B\"; } }"));
        TestJars.compiled(artifact("a", "jar"), Map.of("fixture.a.A",
                "package fixture.a; public class A { public static String hello() { return \"A uses \" + fixture.b.B.name(); } }"), bJar);
        Files.writeString(artifact("b", "pom"), pom("b", ""));
        Files.writeString(artifact("a", "pom"), pom("a", """
                <dependencies>
                  <dependency><groupId>fixture</groupId><artifactId>b</artifactId><version>1.0</version></dependency>
                  <dependency><groupId>fixture</groupId><artifactId>missing</artifactId><version>1.0</version><scope>test</scope></dependency>
                </dependencies>"""));
    }

    private Path artifact(String artifactId, String extension) throws IOException {
        Path folder = root.resolve("fixture").resolve(artifactId).resolve("1.0");
        Files.createDirectories(folder);
        return folder.resolve(artifactId + "-1.0." + extension);
    }

    private static String pom(String artifactId, String dependencies) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>fixture</groupId><artifactId>" + artifactId + "</artifactId><version>1.0</version>"
                + dependencies + "</project>";
    }

    String url() {
        return root.toUri().toString();
    }
}
