package io.javagpu.magics.builtin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MavenSettingsTest {
    @Test
    void readsLocalRepositoryOfflineAndMirrors(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("settings.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <localRepository>${user.home}/custom-repo</localRepository>
                  <offline>true</offline>
                  <servers><server><id>ignored</id></server></servers>
                  <mirrors>
                    <mirror><id>corp</id><name>Corp</name><url>https://repo.example.com/maven</url><mirrorOf>central,!other</mirrorOf></mirror>
                    <mirror><id>no-url</id><mirrorOf>*</mirrorOf></mirror>
                  </mirrors>
                </settings>""");
        MavenSettings settings = MavenSettings.read(file);
        assertEquals(Path.of(System.getProperty("user.home"), "custom-repo"), settings.localRepository());
        assertTrue(settings.offline());
        assertEquals(List.of(new MavenSettings.Mirror("corp", "https://repo.example.com/maven", "central,!other", "default")), settings.mirrors());
    }

    @Test
    void aMissingFileMeansTheDefaults(@TempDir Path folder) throws Exception {
        MavenSettings settings = MavenSettings.read(folder.resolve("nothing.xml"));
        assertEquals(MavenSettings.defaultLocalRepository(), settings.localRepository());
        assertFalse(settings.offline());
        assertEquals(List.of(), settings.mirrors());
    }

    @Test
    void brokenXmlIsAnError(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("settings.xml"), "<settings><offline>");
        assertThrows(java.io.IOException.class, () -> MavenSettings.read(file));
    }

    @Test
    void environmentPlaceholdersAreReplaced() {
        String path = System.getenv("PATH");
        if (path != null) assertEquals(path + "/x", MavenSettings.interpolate("${env.PATH}/x"));
        assertEquals("${no.such.property}", MavenSettings.interpolate("${no.such.property}"));
    }
}
