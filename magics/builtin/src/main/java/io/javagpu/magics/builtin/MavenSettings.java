package io.javagpu.magics.builtin;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Maven settings.xml that resolving dependencies needs: localRepository, offline and mirrors.
 * Maven's own settings reader is not among our dependencies, so this reads just those elements with the JDK's XML
 * parser. Servers, proxies and profiles are not supported.
 */
public record MavenSettings(Path localRepository, boolean offline, List<Mirror> mirrors) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(env\\.)?([^}]+)}");

    /** A {@code <mirror>}: {@code mirrorOf} is Maven's pattern ("*", "central", "*,!repo1", "external:*"). */
    public record Mirror(String id, String url, String mirrorOf, String layout) {
    }

    public MavenSettings {
        mirrors = List.copyOf(mirrors);
    }

    public static Path defaultLocalRepository() {
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** ~/.m2/settings.xml, with the {@code maven.repo.local} system property overriding the local repository. */
    public static MavenSettings fromUserHome() throws IOException {
        MavenSettings settings = read(Path.of(System.getProperty("user.home"), ".m2", "settings.xml"));
        String override = System.getProperty("maven.repo.local");
        return override == null || override.isBlank() ? settings : new MavenSettings(Path.of(override), settings.offline, settings.mirrors);
    }

    /** Reads {@code file}; a missing file gives the defaults (~/.m2/repository, online, no mirrors). */
    public static MavenSettings read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return new MavenSettings(defaultLocalRepository(), false, List.of());
        Element root = parse(file).getDocumentElement();
        String local = interpolate(childText(root, "localRepository"));
        Path localRepository = local == null || local.isBlank() ? defaultLocalRepository() : Path.of(local.trim());
        boolean offline = Boolean.parseBoolean(interpolate(childText(root, "offline")));
        List<Mirror> mirrors = new ArrayList<>();
        Element mirrorsElement = child(root, "mirrors");
        if (mirrorsElement != null) {
            for (Element mirror : children(mirrorsElement, "mirror")) {
                String url = interpolate(childText(mirror, "url"));
                if (url == null) continue;
                String id = childText(mirror, "id");
                String mirrorOf = childText(mirror, "mirrorOf");
                String layout = childText(mirror, "layout");
                mirrors.add(new Mirror(id == null ? "mirror" : id, url.trim(), mirrorOf == null ? "*" : mirrorOf.trim(),
                        layout == null ? "default" : layout.trim()));
            }
        }
        return new MavenSettings(localRepository, offline, mirrors);
    }

    private static Document parse(Path file) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(file.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("Cannot read Maven settings " + file + ": " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(localName(element))) return element;
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(localName(element))) found.add(element);
        }
        return found;
    }

    private static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    private static String childText(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent().trim();
    }

    /** Replaces ${user.home}-style system properties and ${env.NAME} variables, as Maven does in settings. */
    static String interpolate(String text) {
        if (text == null) return null;
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = matcher.group(1) != null ? System.getenv(matcher.group(2)) : System.getProperty(matcher.group(2));
            matcher.appendReplacement(result, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
