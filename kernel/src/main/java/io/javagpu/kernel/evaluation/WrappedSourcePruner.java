package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.javagpu.kernel.evaluation.InternalAccess.SNIPPET_PACKAGE;

/**
 * Forgets the wrapped source JShell keeps for every snippet it ever compiled, once the kernel has dropped the snippet.
 *
 * <p>JShell compiles each snippet inside a generated class whose source starts with the session's imports, one line
 * per import and per active declaration, and it keeps that text for good (measured: 1.8 KB per trivial cell in a fresh
 * session, 9 KB per cell once a notebook has made 100 declarations): in the snippet, which goes with its record
 * ({@link SnippetRecordPruner}), and in a map by class name, which this empties. The snippet's own reference is left
 * as it is: the class files of the snippet are found through it ({@link GeneratedClassPruner}). Its only later use for a dropped snippet is turning a
 * stack frame of the snippet's class back into a snippet line (code the snippet made, such as a lambda, may still run),
 * so this keeps a line table per class instead (a few ints) and gives those frames the same snippet form.
 *
 * <p>The same translation serves frames of live snippets, from JShell's wrapped source, as JShell does for the
 * exceptions of the snippets it runs: an exception of a one-pass expression ({@link OnePassExpressions}) comes with the
 * raw frames of the snippets it called. Reaches into {@code jdk.jshell} (opened by the jar manifest's
 * {@code Add-Opens}); when its internals differ, nothing is forgotten and frames stay raw.
 */
final class WrappedSourcePruner {
    /** Dropped classes whose frames can still be translated; the oldest are let go beyond this many. */
    private static final int KEPT_LINE_TABLES = 10_000;
    private static final String CLASS_PREFIX = SNIPPET_PACKAGE + "$JShell$";

    /** How a dropped snippet's class maps its source lines: wrap line {@code firstLine + i} is snippet line {@code lines[i]}. */
    private record LineTable(String snippetId, int firstLine, int[] lines) {
        int snippetLine(int wrapLine) {
            int index = Math.max(0, Math.min(lines.length - 1, wrapLine - firstLine));
            return lines[index];
        }
    }

    private final Map<?, ?> outersByClass;
    private final Field snippetOuter;
    private final Field outerSnippets;
    private final Method className;
    private final Method wrapped;
    private final Method wrapLineToSnippetLine;
    /** The snippet a line of a wrapper class belongs to (a class may hold several snippets). */
    private final Method wrapLineToSnippet;
    private final Map<String, LineTable> lineTables = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LineTable> eldest) {
            return size() > KEPT_LINE_TABLES;
        }
    };

    private WrappedSourcePruner(Map<?, ?> outersByClass, Field snippetOuter, Field outerSnippets, Method className,
                                Method wrapped, Method wrapLineToSnippetLine, Method wrapLineToSnippet) {
        this.outersByClass = outersByClass;
        this.snippetOuter = snippetOuter;
        this.outerSnippets = outerSnippets;
        this.className = className;
        this.wrapped = wrapped;
        this.wrapLineToSnippetLine = wrapLineToSnippetLine;
        this.wrapLineToSnippet = wrapLineToSnippet;
    }

    /** A pruner for {@code shell}, or one that forgets nothing when JShell's internals cannot be reached. */
    static WrappedSourcePruner of(JShell shell) {
        try {
            Object outerMap = InternalAccess.field(JShell.class, "outerMap").get(shell);
            Map<?, ?> outersByClass = (Map<?, ?>) InternalAccess.field(outerMap.getClass(), "classOuters").get(outerMap);
            Class<?> outerWrap = Class.forName("jdk.jshell.OuterWrap");
            Class<?> classWrap = Class.forName("jdk.jshell.OuterSnippetsClassWrap");
            return new WrappedSourcePruner(outersByClass, InternalAccess.field(Snippet.class, "outer"),
                    InternalAccess.field(classWrap, "wrapToSnippet"), InternalAccess.method(classWrap, "className"),
                    InternalAccess.method(outerWrap, "wrapped"),
                    InternalAccess.method(outerWrap, "wrapLineToSnippetLine", int.class),
                    InternalAccess.method(classWrap, "wrapLineToSnippet", int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("cannot reach JShell's wrapped sources (" + e + "); dropped snippets keep them, frames stay raw");
            return new WrappedSourcePruner(null, null, null, null, null, null, null);
        }
    }

    /** Whether this pruner reaches JShell's wrapped sources (tests check it on the JDKs the kernel supports). */
    boolean active() {
        return outersByClass != null;
    }

    /** How many wrapped sources JShell still holds. */
    int heldSources() {
        return active() ? outersByClass.size() : -1;
    }

    /** Forgets the wrapped source of {@code dropped} when its class holds that snippet alone. */
    void forget(Snippet dropped) {
        if (!active()) return;
        try {
            Object outer = snippetOuter.get(dropped);
            if (outer == null || !outerSnippets.getDeclaringClass().isInstance(outer)
                    || ((Map<?, ?>) outerSnippets.get(outer)).size() != 1) return;
            String name = (String) className.invoke(outer);
            if (outersByClass.get(name) != outer) return;
            lineTables.put(SNIPPET_PACKAGE + name,
                    lineTable(dropped.id(), name, (String) wrapped.invoke(outer), outer));
            outersByClass.remove(name);
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("cannot forget the wrapped source of snippet " + dropped.id() + ": " + e);
        }
    }

    private LineTable lineTable(String snippetId, String className, String source, Object outer)
            throws ReflectiveOperationException {
        int classLine = source.indexOf("\nclass " + className + " ");
        int firstLine = classLine < 0 ? 0 : SourcePositions.lineOf(source, classLine) + 1;
        int[] lines = new int[SourcePositions.lineOf(source, source.length()) + 1 - firstLine];
        for (int i = 0; i < lines.length; i++) lines[i] = (int) wrapLineToSnippetLine.invoke(outer, firstLine + i);
        return new LineTable(snippetId, firstLine, lines);
    }

    /**
     * {@code frame} as JShell gives frames of snippets (file "#id", the snippet's line) when it is in the class of a
     * snippet, live or dropped; otherwise {@code frame} itself.
     */
    StackTraceElement inSnippetTerms(StackTraceElement frame) {
        if (!active() || frame.getLineNumber() < 1 || frame.getFileName() != null && frame.getFileName().startsWith("#")) {
            return frame;
        }
        String owner = frame.getClassName();
        if (!owner.startsWith(CLASS_PREFIX)) return frame;
        int nested = owner.indexOf('$', CLASS_PREFIX.length());
        String wrapperClass = nested < 0 ? owner : owner.substring(0, nested);
        int wrapLine = frame.getLineNumber() - 1;
        Object outer = outersByClass.get(wrapperClass.substring(SNIPPET_PACKAGE.length()));
        if (outer != null) return ofLiveSnippet(frame, outer, wrapLine);
        LineTable table = lineTables.get(wrapperClass);
        if (table == null) return frame;
        return new StackTraceElement(owner, frame.getMethodName(), "#" + table.snippetId(), table.snippetLine(wrapLine) + 1);
    }

    private StackTraceElement ofLiveSnippet(StackTraceElement frame, Object outer, int wrapLine) {
        try {
            if (!wrapLineToSnippet.getDeclaringClass().isInstance(outer)) return frame;
            Snippet snippet = (Snippet) wrapLineToSnippet.invoke(outer, wrapLine);
            if (snippet == null) return frame;
            int line = (int) wrapLineToSnippetLine.invoke(outer, wrapLine) + 1;
            return new StackTraceElement(frame.getClassName(), frame.getMethodName(), "#" + snippet.id(), line);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return frame;
        }
    }
}
