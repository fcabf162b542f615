package io.javagpu.magics;

import io.javagpu.display.DisplaySink;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the kernel lends a running magic. Implemented by the kernel; the magics module never sees the protocol.
 * A magic in a kernel's first cell may run while JShell is still being built: what needs JShell (evaluation, the
 * class path, the user class loader) waits for it, and the session has no variables before it.
 */
public interface MagicContext {

    /**
     * Evaluates Java source in the notebook's JShell exactly as a cell would be (declarations stay defined) but
     * without displaying its value. Returns the value of the last expression, or null.
     * Compile errors and exceptions thrown by the code surface as {@link EvaluationException}.
     */
    Object eval(String code) throws EvaluationException;

    /**
     * Compiles {@code code} (statements or one expression) once into a Runnable that runs it, for timing loops.
     */
    Runnable compileRunnable(String code) throws EvaluationException;

    /** Adds jars or class folders to the notebook's class path (JShell and the user class loader). */
    void addToClasspath(List<Path> entries);

    /** Everything added to the class path so far, in order. */
    List<Path> classpath();

    /** The class loader that sees notebook code and everything added to the class path. */
    ClassLoader userClassLoader();

    /** JShell variables of the session: name to declared type, in declaration order. */
    Map<String, String> variableTypes();

    /** The source of a JShell variable's current value as text, for %vars. */
    String variableValue(String name);

    /** Where rich output goes (display_data / update_display_data / clear_output). */
    DisplaySink display();

    /** The cell's stdout / stderr (streamed to the notebook). */
    PrintStream out();

    PrintStream err();

    /** Throws InterruptedException when the user pressed interrupt; long-running magics call it between steps. */
    void checkInterrupted() throws InterruptedException;

    /** The registry of all magics, for %lsmagic and suggestions. */
    MagicRegistry registry();

    /** The working folder of the notebook (the kernel's current directory). */
    Path workingDirectory();
}
