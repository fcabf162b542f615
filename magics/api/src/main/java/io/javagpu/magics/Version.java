package io.javagpu.magics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions as the build wrote them (from the pom): the kernel's, as kernel_info and %gpu info report it, and JCuda's. */
public final class Version {
    private static final Properties BUILT = load();
    public static final String VERSION = BUILT.getProperty("kernel", "unknown");
    public static final String JCUDA = BUILT.getProperty("jcuda", "unknown");

    private Version() {
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/io/javagpu/version.properties")) {
            if (in != null) properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
