package io.javagpu.magics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MagicRegistryTest {
    /** A minimal magic with a given name, for registry tests. */
    record Named(String name, boolean isLineMagic, boolean isCellMagic) implements Magic {
        Named(String name) {
            this(name, true, false);
        }

        @Override
        public String summary() {
            return name;
        }

        @Override
        public Object runLine(MagicContext context, String args) {
            return null;
        }
    }

    /** Registered through a test services file; its constructor fails. */
    public static final class Exploding implements Magic {
        public Exploding() {
            throw new IllegalStateException("boom");
        }

        @Override
        public String name() {
            return "exploding";
        }

        @Override
        public String summary() {
            return "";
        }

        @Override
        public Object runLine(MagicContext context, String args) {
            return null;
        }
    }

    private static MagicRegistry registryOf(String... names) {
        MagicRegistry registry = new MagicRegistry();
        for (String name : names) registry.register(new Named(name));
        return registry;
    }

    @Test
    void unknownMagicSuggestsTheClosestNames() {
        MagicRegistry registry = registryOf("time", "timeit", "env", "load", "lsmagic", "maven", "mavenRepo", "vars");
        assertEquals("Unknown magic %tme. Did you mean: %time, %timeit? (%lsmagic lists all)", registry.unknownMagicMessage("tme"));
        assertEquals("Unknown magic %mavn. Did you mean: %maven, %mavenRepo? (%lsmagic lists all)", registry.unknownMagicMessage("mavn"));
        assertEquals("Unknown magic %lsmagc. Did you mean: %lsmagic? (%lsmagic lists all)", registry.unknownMagicMessage("%lsmagc"));
        assertEquals("Unknown magic %TIME. Did you mean: %time, %timeit? (%lsmagic lists all)", registry.unknownMagicMessage("TIME"));
        assertEquals("Unknown magic %qqqqq. (%lsmagic lists all)", registry.unknownMagicMessage("qqqqq"));
    }

    @Test
    void cellOnlyMagicsAreSuggestedWithTwoPercentSigns() {
        MagicRegistry registry = new MagicRegistry();
        registry.register(new Named("loadFromPOM", false, true));
        assertEquals("Unknown magic %loadFromPom2. Did you mean: %%loadFromPOM? (%lsmagic lists all)", registry.unknownMagicMessage("loadFromPom2"));
    }

    @Test
    void completesNamesByPrefix() {
        MagicRegistry registry = registryOf("time", "timeit", "Timer", "env");
        assertEquals(List.of("time", "timeit", "Timer"), registry.complete("ti"));
        assertEquals(List.of("time", "timeit", "Timer"), registry.complete("%%ti"));
        assertEquals(List.of("Timer", "env", "time", "timeit"), registry.complete(""));
        assertEquals(List.of(), registry.complete("x"));
    }

    @Test
    void brokenProvidersAreSkippedAndReported(@TempDir Path folder) throws Exception {
        Path services = folder.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(Magic.class.getName()), String.join("\n",
                "com.example.DoesNotExist",
                Exploding.class.getName(),
                "io.javagpu.magics.builtin.LsMagic",
                ""));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {folder.toUri().toURL()}, null) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                // Classes come from the test's loader; only the services file is this folder's.
                return MagicRegistryTest.class.getClassLoader().loadClass(name);
            }

            @Override
            public java.util.Enumeration<URL> getResources(String name) throws java.io.IOException {
                return findResources(name);
            }
        }) {
            MagicRegistry registry = new MagicRegistry();
            int added = registry.addFrom(loader);
            assertEquals(1, added);
            assertEquals(List.of("lsmagic"), registry.names());
            List<String> problems = registry.loadProblems();
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("com.example.DoesNotExist"), problems.get(0));
            assertTrue(problems.get(1).contains("boom"), problems.get(1));
            registry.addFrom(loader);
            assertEquals(problems, registry.loadProblems(), "the same problems are not reported twice");
        }
    }

    @Test
    void theBuiltInMagicsAreRegistered() {
        MagicRegistry registry = MagicRegistry.load(MagicRegistryTest.class.getClassLoader());
        assertTrue(registry.names().containsAll(List.of("lsmagic", "classpath", "jars", "maven", "mavenRepo", "loadFromPOM",
                "load", "time", "timeit", "env", "vars")), registry.names().toString());
        for (Magic magic : registry.all()) assertTrue(!magic.summary().isBlank(), magic.name());
    }

    @Test
    void addingTwiceKeepsTheFirst() {
        MagicRegistry registry = MagicRegistry.load(MagicRegistryTest.class.getClassLoader());
        int before = registry.names().size();
        assertEquals(0, registry.addFrom(MagicRegistryTest.class.getClassLoader()));
        assertEquals(before, registry.names().size());
    }
}
