package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

import java.lang.reflect.Method;

/**
 * A stack frame in the wrapper class of a live snippet, as JShell shows it: the frame's file is the snippet ("#12")
 * and its line the line within that snippet. JShell does this for the exceptions of the snippets it runs; an
 * exception of a one-pass expression ({@link OnePassExpressions}) comes with the raw frames of the snippets it
 * called. Reaches into {@code jdk.jshell} (opened by the jar's manifest); where it differs, frames stay raw.
 */
final class SnippetFrames {
    private static final String WRAPPER_PREFIX = "REPL.$JShell$";

    private final Object outerMap;
    private final Method outerOf;
    private final Method snippetLine;
    private final Method snippetOfLine;

    private SnippetFrames(Object outerMap, Method outerOf, Method snippetLine, Method snippetOfLine) {
        this.outerMap = outerMap;
        this.outerOf = outerOf;
        this.snippetLine = snippetLine;
        this.snippetOfLine = snippetOfLine;
    }

    static SnippetFrames of(JShell shell) {
        try {
            Object outerMap = InternalAccess.field(JShell.class, "outerMap").get(shell);
            ClassLoader jshell = JShell.class.getClassLoader();
            Class<?> outer = Class.forName("jdk.jshell.OuterWrap", false, jshell);
            Class<?> classOuter = Class.forName("jdk.jshell.OuterSnippetsClassWrap", false, jshell);
            return new SnippetFrames(outerMap, InternalAccess.method(outerMap.getClass(), "getOuter", String.class),
                    InternalAccess.method(outer, "wrapLineToSnippetLine", int.class),
                    InternalAccess.method(classOuter, "wrapLineToSnippet", int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("stack frames of snippets called from one-pass expressions stay raw (" + e + ")");
            return new SnippetFrames(null, null, null, null);
        }
    }

    /** {@code raw} in snippet terms when it is a frame of a live snippet's wrapper class; otherwise {@code raw}. */
    StackTraceElement inSnippetTerms(StackTraceElement raw) {
        if (outerMap == null || !raw.getClassName().startsWith(WRAPPER_PREFIX) || raw.getLineNumber() < 1) return raw;
        try {
            Object outer = outerOf.invoke(outerMap, raw.getClassName());
            if (outer == null) return raw;
            int wrapLine = raw.getLineNumber() - 1;
            Snippet snippet = (Snippet) snippetOfLine.invoke(outer, wrapLine);
            if (snippet == null) return raw;
            int line = (int) snippetLine.invoke(outer, wrapLine) + 1;
            String method = raw.getMethodName().equals("do_it$") ? "" : raw.getMethodName();
            return new StackTraceElement(raw.getClassName(), method, "#" + snippet.id(), line);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return raw;
        }
    }
}
