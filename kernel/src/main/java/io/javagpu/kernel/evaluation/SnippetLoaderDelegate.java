package io.javagpu.kernel.evaluation;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads the snippet classes into one class loader for the session, under the system class loader, as JShell's own
 * delegate does, without what that one keeps for every class it ever loaded (~0.3 KB of heap per trivial cell,
 * class histograms over 2,700 cells, JDK 25): a map from each name to its class, each class's reflection data (it
 * lists the methods of every class it loads to have the class linked at once; here a class is linked when first
 * used, as any class is) and, in the system and platform class loaders, a lock object per snippet class name, left
 * by asking them first for a class they cannot have.
 */
final class SnippetLoaderDelegate implements LoaderDelegate {
    private final Loader loader;

    SnippetLoaderDelegate() {
        this(ClassLoader.getSystemClassLoader());
    }

    SnippetLoaderDelegate(ClassLoader parent) {
        loader = new Loader(parent);
    }

    /** The class loader of the snippet classes. */
    ClassLoader classLoader() {
        return loader;
    }

    /**
     * Class name to class file, for each snippet class loaded and not forgotten: a library may read a class file as a
     * resource, and {@link GeneratedClassPruner} drops those of dropped snippets.
     */
    Map<String, byte[]> classFiles() {
        return loader.classFiles;
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        boolean[] loaded = new boolean[classes.length];
        try {
            for (ClassBytecodes declared : classes) loader.classFiles.put(declared.name(), declared.bytecodes());
            for (int i = 0; i < classes.length; i++) {
                loader.loadClass(classes[i].name());
                loaded[i] = true;
            }
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            throw new ClassInstallException("load: " + e.getMessage(), loaded);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        for (ClassBytecodes redefined : classes) loader.classFiles.put(redefined.name(), redefined.bytecodes());
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        try {
            for (String entry : path.split(File.pathSeparator)) loader.addURL(new File(entry).toURI().toURL());
        } catch (MalformedURLException | RuntimeException e) {
            throw new InternalException(e.toString());
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> loaded = loader.loadedClass(name);
        if (loaded == null) throw new ClassNotFoundException(name + " not found");
        return loaded;
    }

    private static final class Loader extends URLClassLoader {
        private final Map<String, byte[]> classFiles = new ConcurrentHashMap<>();

        Loader(ClassLoader parent) {
            super(new URL[0], parent);
        }

        Class<?> loadedClass(String name) {
            return findLoadedClass(name);
        }

        @Override // to be callable from the delegate
        protected void addURL(URL url) {
            super.addURL(url);
        }

        /** A snippet class is looked for here first: no parent has one, and a parent keeps a lock per name it is asked for. */
        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(InternalAccess.SNIPPET_PACKAGE)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> found = findLoadedClass(name);
                if (found == null) found = findClass(name);
                if (resolve) resolveClass(found);
                return found;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] classFile = classFiles.get(name);
            if (classFile == null) return super.findClass(name);
            return defineClass(name, classFile, 0, classFile.length, (CodeSource) null);
        }

        @Override
        public URL findResource(String name) {
            URL own = classFileUrl(name);
            return own != null ? own : super.findResource(name);
        }

        @Override
        public Enumeration<URL> findResources(String name) throws IOException {
            URL own = classFileUrl(name);
            Enumeration<URL> others = super.findResources(name);
            if (own == null) return others;
            List<URL> all = Collections.list(others);
            all.add(own);
            return Collections.enumeration(all);
        }

        /** "REPL/$JShell$12$Box.class" as a URL that reads that class file, if it is a snippet class's. */
        @SuppressWarnings("deprecation")
        private URL classFileUrl(String resource) {
            if (!resource.startsWith("REPL/") || !resource.endsWith(".class")) return null;
            byte[] classFile = classFiles.get(resource.substring(0, resource.length() - ".class".length()).replace('/', '.'));
            if (classFile == null) return null;
            try {
                return new URL(null, "jshell:/" + resource, new ClassFileHandler(classFile));
            } catch (MalformedURLException e) {
                return null;
            }
        }
    }

    /** Opens a URL made for one class file on that class file's bytes. */
    private static final class ClassFileHandler extends URLStreamHandler {
        private final byte[] classFile;

        ClassFileHandler(byte[] classFile) {
            this.classFile = classFile;
        }

        @Override
        protected URLConnection openConnection(URL url) {
            return new URLConnection(url) {
                @Override
                public void connect() {
                    connected = true;
                }

                @Override
                public InputStream getInputStream() {
                    return new ByteArrayInputStream(classFile);
                }

                @Override
                public long getContentLengthLong() {
                    return classFile.length;
                }
            };
        }
    }
}
