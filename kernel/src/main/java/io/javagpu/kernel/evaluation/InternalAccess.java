package io.javagpu.kernel.evaluation;

import jdk.jshell.JShell;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/** Fields and methods of JShell's and javac's internals, opened to the kernel by its jar manifest's {@code Add-Opens}. */
final class InternalAccess {
    /** JShell's package for the classes of snippets, as the start of their names ("REPL.$JShell$12"). */
    static final String SNIPPET_PACKAGE = "REPL.";

    private InternalAccess() {
    }

    static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    static Method method(Class<?> owner, String name, Class<?>... parameterTypes) throws NoSuchMethodException {
        Method method = owner.getDeclaredMethod(name, parameterTypes);
        method.setAccessible(true);
        return method;
    }

    /** javac's {@code Symtab.instance(Context)}, as {@code javac} loads it: the symbol table of a compiler context. */
    static Method symbolTableOf(ClassLoader javac) throws ReflectiveOperationException {
        return method(Class.forName("com.sun.tools.javac.code.Symtab", false, javac), "instance",
                Class.forName("com.sun.tools.javac.util.Context", false, javac));
    }

    /** JShell's TaskFactory: its javac passes, their file manager and their reused compiler contexts. */
    static Object taskFactory(JShell shell) throws ReflectiveOperationException {
        return field(JShell.class, "taskFactory").get(shell);
    }
}
