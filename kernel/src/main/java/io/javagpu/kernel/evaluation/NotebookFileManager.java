package io.javagpu.kernel.evaluation;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The standard file manager under JShell's javac passes, with two changes.
 * <ul>
 * <li>It keeps its index of the class path from one pass to the next. javac hands every new task's file manager
 * {@code --multi-release} again, always with the same value, and the standard file manager drops its index of which
 * class-path jars hold which package on every file-manager option: each pass then re-indexed the kernel's jar (290
 * folders), ~3% of a trivial cell. Handed the value it already has, this one answers that it took it and leaves the
 * index. Every other option reaches the standard file manager, and directories on the class path are listed afresh
 * in every pass as before.</li>
 * <li>The class path it is given, JShell's first (the JVM's) and those {@code %classpath} makes, goes through
 * {@link NotebookClassPath}: notebook code compiles against the kernel's API without its relocated libraries.</li>
 * </ul>
 */
final class NotebookFileManager extends ForwardingJavaFileManager<StandardJavaFileManager>
        implements StandardJavaFileManager {
    private static final String MULTI_RELEASE = "--multi-release";
    /** javac's names for its class-path option. */
    private static final Set<String> CLASS_PATH = Set.of("--class-path", "-classpath", "-cp");

    private final UnaryOperator<String> classPath;
    private String multiRelease;

    NotebookFileManager(StandardJavaFileManager standard, UnaryOperator<String> classPath) {
        super(standard);
        this.classPath = classPath;
        // javac's class path until JShell sets one: the JVM's
        String jvm = System.getProperty("java.class.path", "");
        String notebook = classPath.apply(jvm);
        if (!notebook.equals(jvm)) standard.handleOption("--class-path", List.of(notebook).iterator());
    }

    @Override
    public boolean handleOption(String current, Iterator<String> remaining) {
        if (CLASS_PATH.contains(current) && remaining.hasNext()) {
            return super.handleOption(current, List.of(classPath.apply(remaining.next())).iterator());
        }
        if (!MULTI_RELEASE.equals(current) || !remaining.hasNext()) return super.handleOption(current, remaining);
        String value = remaining.next();
        if (value.equals(multiRelease)) return true;
        boolean handled = super.handleOption(current, List.of(value).iterator());
        if (handled) multiRelease = value;
        return handled;
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        return fileManager.isSameFile(a, b);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
        return fileManager.getJavaFileObjectsFromFiles(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
        return fileManager.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
        return fileManager.getJavaFileObjects(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
        return fileManager.getJavaFileObjects(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
        return fileManager.getJavaFileObjectsFromStrings(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
        return fileManager.getJavaFileObjects(names);
    }

    @Override
    public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
        fileManager.setLocation(location, files);
    }

    @Override
    public void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
        fileManager.setLocationFromPaths(location, paths);
    }

    @Override
    public void setLocationForModule(Location location, String moduleName, Collection<? extends Path> paths)
            throws IOException {
        fileManager.setLocationForModule(location, moduleName, paths);
    }

    @Override
    public Iterable<? extends File> getLocation(Location location) {
        return fileManager.getLocation(location);
    }

    @Override
    public Iterable<? extends Path> getLocationAsPaths(Location location) {
        return fileManager.getLocationAsPaths(location);
    }

    @Override
    public Path asPath(FileObject file) {
        return fileManager.asPath(file);
    }

    @Override
    public void setPathFactory(PathFactory factory) {
        fileManager.setPathFactory(Objects.requireNonNull(factory));
    }
}
