package io.javagpu.kernel.evaluation;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.UnaryOperator;

/**
 * The standard file manager under JShell's javac passes, with three changes.
 * <ul>
 * <li>It keeps its index of the class path from one pass to the next. javac hands every new task's file manager
 * {@code --multi-release} again, always with the same value, and the standard file manager drops its index of which
 * class-path jars hold which package on every file-manager option: each pass then re-indexed the kernel's jar (290
 * folders), ~3% of a trivial cell. Handed the value it already has, this one answers that it took it and leaves the
 * index. Every other option reaches the standard file manager, and directories on the class path are listed afresh
 * in every pass as before.</li>
 * <li>The class path it is given, JShell's first (the JVM's) and those {@code %classpath} makes, goes through
 * {@link NotebookClassPath}: notebook code compiles against the kernel's API without its relocated libraries.</li>
 * <li>It names the class files of the JDK's image itself ({@link #inferBinaryName}).</li>
 * </ul>
 */
final class NotebookFileManager extends ForwardingJavaFileManager<StandardJavaFileManager>
        implements StandardJavaFileManager {
    private static final String MULTI_RELEASE = "--multi-release";
    /** javac's names for its class-path option. */
    private static final Set<String> CLASS_PATH = Set.of("--class-path", "-classpath", "-cp");

    private static final String IMAGE_MODULES = "/modules/";
    private static final String CLASS_SUFFIX = ".class";

    private final UnaryOperator<String> classPath;
    private String multiRelease;
    /** Whether javac's locations are modules of the JDK's image; weak: javac makes the locations. */
    private final Map<Location, Boolean> imageModules = Collections.synchronizedMap(new WeakHashMap<>());

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

    /**
     * Before javac names a file it asks the file's location whether it is module-oriented, and on JDK 17 each of the
     * JDK's modules answers with a regular expression compiled on the spot (the default method of {@link Location}):
     * once for every class file of every package javac lists, thousands at a kernel's start, enough for C2 to compile
     * the regular-expression compiler meanwhile. A class file in the JDK's image is named here from its path
     * ({@code /modules/java.base/java/lang/String.class} is {@code java.lang.String}); every other file, javac names.
     * Measured on JDK 17, 2 cores, 10 interleaved starts: the kernel's CPU by its first result 1.65-1.93 s against
     * 1.70-2.16 s (medians 1.74 and 1.78; two earlier rounds -85 and -90 ms), the first result 939-1,281 against
     * 996-1,668 ms.
     */
    @Override
    public String inferBinaryName(Location location, JavaFileObject file) {
        String name = inImage(location) ? imageClassName(file) : null;
        return name != null ? name : super.inferBinaryName(location, file);
    }

    private String imageClassName(JavaFileObject file) {
        if (file.getKind() != JavaFileObject.Kind.CLASS) return null;
        Path path;
        try {
            path = fileManager.asPath(file);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return null;
        }
        if (!onImageFileSystem(path)) return null;
        String text = path.toString();
        int packageStart = text.startsWith(IMAGE_MODULES) ? text.indexOf('/', IMAGE_MODULES.length()) : -1;
        if (packageStart < 0 || !text.endsWith(CLASS_SUFFIX)) return null;
        return text.substring(packageStart + 1, text.length() - CLASS_SUFFIX.length()).replace('/', '.');
    }

    /** Whether the location is one of the JDK's modules in its image, asked once per location. */
    private boolean inImage(Location location) {
        if (location instanceof StandardLocation) return false;
        return imageModules.computeIfAbsent(location, this::isImageModule);
    }

    private boolean isImageModule(Location location) {
        // javac refuses module-oriented locations here: left to say so
        if (location.isModuleOrientedLocation() || location.isOutputLocation()) return false;
        Iterable<? extends Path> paths;
        try {
            paths = fileManager.getLocationAsPaths(location);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (paths == null) return false;
        boolean any = false;
        for (Path path : paths) {
            if (!onImageFileSystem(path)) return false;
            any = true;
        }
        return any;
    }

    private static boolean onImageFileSystem(Path path) {
        return "jrt".equals(path.getFileSystem().provider().getScheme());
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
