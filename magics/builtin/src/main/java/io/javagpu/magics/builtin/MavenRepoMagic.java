package io.javagpu.magics.builtin;

import io.javagpu.magics.CommandMagic;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.nio.file.Path;

/** %mavenRepo id url: adds a remote repository for later %maven and %%loadFromPOM; no arguments lists them. */
@Command(name = "mavenRepo", description = "Add a Maven repository (id url) for later %%maven calls; no arguments: list them.")
public final class MavenRepoMagic extends CommandMagic {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "A name for the repository.")
    private String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "URL", description = "Its URL (https://..., file:///...) or a local folder.")
    private String url;

    @Option(names = {"-d", "--remove"}, description = "Remove the repository with this id instead.")
    private boolean remove;

    private final MavenSession session;

    public MavenRepoMagic() {
        this(null);
    }

    public MavenRepoMagic(MavenSession session) {
        this.session = session;
    }

    @Override
    protected Object run(MagicContext context) throws MagicException {
        MavenSession maven = session != null ? session : MavenSession.shared();
        if (remove) {
            if (id == null || url != null) throw new MagicException("Usage: %mavenRepo --remove ID\n" + usage());
            if (!maven.removeRepository(id)) throw new MagicException("No Maven repository with id " + id + "; known: " + maven.repositories().keySet());
            context.out().println("Removed Maven repository " + id);
            return null;
        }
        if (id == null) {
            maven.repositories().forEach((name, address) -> context.out().println(name + "  " + address));
            return null;
        }
        if (url == null) throw new MagicException("Missing URL: %mavenRepo " + id + " URL\n" + usage());
        String address = toUrl(context, url);
        maven.addRepository(id, address);
        context.out().println("Added Maven repository " + id + ": " + address);
        return null;
    }

    /** URLs pass as they are; anything without a scheme is a folder relative to the notebook. */
    static String toUrl(MagicContext context, String text) throws MagicException {
        if (text.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") && !text.matches("^[A-Za-z]:\\\\.*")) {
            try {
                URI uri = new URI(text);
                if (uri.getScheme() == null) throw new MagicException("Not a URL: " + text);
                return text;
            } catch (java.net.URISyntaxException e) {
                throw new MagicException("Not a URL: " + text + " (" + e.getMessage() + ")");
            }
        }
        Path folder = context.workingDirectory().resolve(PathGlobs.expandHome(text)).normalize();
        return folder.toUri().toString();
    }
}
