package io.javagpu.magics.builtin;

import io.javagpu.magics.MagicException;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.transfer.TransferListener;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maven resolution state shared by %maven, %mavenRepo and %%loadFromPOM: the settings, the remote repositories
 * (Maven Central plus those added) and the resolver. One per kernel, see {@link #shared()}.
 */
public final class MavenSession {
    public static final String CENTRAL_ID = "central";
    public static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

    private static MavenSession shared;

    private final MavenSettings settings;
    private final Map<String, RemoteRepository> repositories = new LinkedHashMap<>();
    private RepositorySystem system;

    public MavenSession(MavenSettings settings) {
        this.settings = settings;
        repositories.put(CENTRAL_ID, remote(CENTRAL_ID, CENTRAL_URL));
    }

    /** The session of this kernel, with settings from ~/.m2/settings.xml (read on first use). */
    public static synchronized MavenSession shared() throws MagicException {
        if (shared == null) {
            try {
                shared = new MavenSession(MavenSettings.fromUserHome());
            } catch (IOException e) {
                throw new MagicException(e.getMessage(), e);
            }
        }
        return shared;
    }

    public MavenSettings settings() {
        return settings;
    }

    static RemoteRepository remote(String id, String url) {
        return new RemoteRepository.Builder(id, "default", url).build();
    }

    /** Adds (or replaces, by id) a remote repository used by later resolutions. */
    public synchronized void addRepository(String id, String url) {
        repositories.put(id, remote(id, url));
    }

    public synchronized boolean removeRepository(String id) {
        return repositories.remove(id) != null;
    }

    /** id to URL, in the order they are searched. */
    public synchronized Map<String, String> repositories() {
        Map<String, String> urls = new LinkedHashMap<>();
        repositories.forEach((id, repository) -> urls.put(id, repository.getUrl()));
        return urls;
    }

    /**
     * Resolves {@code dependencies} with their transitive (compile and runtime) dependencies and returns the files,
     * dependencies first in breadth-first order. {@code managed} pins versions as dependencyManagement does.
     */
    public List<Path> resolve(List<Dependency> dependencies, List<Dependency> managed, TransferListener listener)
            throws MagicException {
        RepositorySystem repositorySystem = system();
        DefaultRepositorySystemSession session = newSession(repositorySystem, listener);
        CollectRequest collect = new CollectRequest();
        collect.setDependencies(dependencies);
        collect.setManagedDependencies(managed);
        List<RemoteRepository> remotes;
        synchronized (this) {
            remotes = new ArrayList<>(repositories.values());
        }
        collect.setRepositories(repositorySystem.newResolutionRepositories(session, remotes));
        DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.COMPILE, JavaScopes.RUNTIME));
        DependencyResult result;
        try {
            result = repositorySystem.resolveDependencies(session, request);
        } catch (DependencyResolutionException e) {
            throw new MagicException("Could not resolve " + describe(dependencies) + ": " + e.getMessage()
                    + (settings.offline() ? " (offline mode is on in settings.xml)" : ""), e);
        }
        List<Path> files = new ArrayList<>();
        for (ArtifactResult artifact : result.getArtifactResults()) {
            if (artifact.getArtifact() != null && artifact.getArtifact().getFile() != null) files.add(artifact.getArtifact().getFile().toPath());
        }
        return files;
    }

    private static String describe(List<Dependency> dependencies) {
        List<String> names = new ArrayList<>();
        for (Dependency dependency : dependencies) names.add(dependency.getArtifact().toString());
        return String.join(", ", names);
    }

    private synchronized RepositorySystem system() {
        if (system == null) system = new RepositorySystemSupplier().get();
        return system;
    }

    private DefaultRepositorySystemSession newSession(RepositorySystem repositorySystem, TransferListener listener) {
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(repositorySystem.newLocalRepositoryManager(session, new LocalRepository(settings.localRepository().toFile())));
        session.setOffline(settings.offline());
        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (MavenSettings.Mirror mirror : settings.mirrors()) {
            mirrors.add(mirror.id(), mirror.url(), mirror.layout(), false, false, mirror.mirrorOf(), "*");
        }
        session.setMirrorSelector(mirrors);
        if (listener != null) session.setTransferListener(listener);
        // Lets POM profiles activated by OS or JDK (common for native-library artifacts) work as in Maven.
        session.setSystemProperties(System.getProperties());
        return session;
    }

    /** Releases the resolver's threads and caches. */
    public synchronized void close() {
        if (system != null) system.shutdown();
        system = null;
    }
}
