package io.javagpu.kernel.evaluation;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes JShell's {@code REPL} package from a javac context's symbol table after a pass, as JShell does after each
 * of its own: its snippet classes change under the same names (a method declared again), so a reused context must
 * read them afresh. Reaches into {@code jdk.compiler} (opened by the jar's manifest).
 */
final class ReplSymbolPurge {
    private final Method symtabOf;
    private final Method namesOf;
    private final Method fromString;
    private final Field unnamedModule;
    private final Field noModule;
    private final Field javaBase;
    private final Method getPackage;
    private final Method allClasses;
    private final Method removeClass;
    private final Method packageOf;
    private final Method flatName;
    private final Field members;
    private final Field completer;
    private final Method classFinderOf;
    private final Method finderCompleter;

    private ReplSymbolPurge(ClassLoader javac) throws ReflectiveOperationException {
        symtabOf = InternalAccess.symbolTableOf(javac);
        Class<?> symtab = symtabOf.getDeclaringClass();
        Class<?> context = symtabOf.getParameterTypes()[0];
        Class<?> names = Class.forName("com.sun.tools.javac.util.Names", false, javac);
        Class<?> name = Class.forName("com.sun.tools.javac.util.Name", false, javac);
        Class<?> symbol = Class.forName("com.sun.tools.javac.code.Symbol", false, javac);
        Class<?> moduleSymbol = Class.forName("com.sun.tools.javac.code.Symbol$ModuleSymbol", false, javac);
        Class<?> classSymbol = Class.forName("com.sun.tools.javac.code.Symbol$ClassSymbol", false, javac);
        Class<?> packageSymbol = Class.forName("com.sun.tools.javac.code.Symbol$PackageSymbol", false, javac);
        Class<?> classFinder = Class.forName("com.sun.tools.javac.code.ClassFinder", false, javac);
        namesOf = InternalAccess.method(names, "instance", context);
        fromString = InternalAccess.method(names, "fromString", String.class);
        unnamedModule = InternalAccess.field(symtab, "unnamedModule");
        noModule = InternalAccess.field(symtab, "noModule");
        javaBase = InternalAccess.field(symtab, "java_base");
        getPackage = InternalAccess.method(symtab, "getPackage", moduleSymbol, name);
        allClasses = InternalAccess.method(symtab, "getAllClasses");
        removeClass = InternalAccess.method(symtab, "removeClass", moduleSymbol, name);
        packageOf = InternalAccess.method(symbol, "packge");
        flatName = InternalAccess.method(classSymbol, "flatName");
        members = InternalAccess.field(packageSymbol, "members_field");
        completer = InternalAccess.field(symbol, "completer");
        classFinderOf = InternalAccess.method(classFinder, "instance", context);
        finderCompleter = InternalAccess.method(classFinder, "getCompleter");
    }

    /** The purge for javac as {@code javac} loads it; throws where javac's internals differ. */
    static ReplSymbolPurge of(ClassLoader javac) throws ReflectiveOperationException {
        return new ReplSymbolPurge(javac);
    }

    /** Removes the REPL package's classes from {@code context}'s symbol table and lets the package be read again. */
    void purge(Object context) throws ReflectiveOperationException {
        Object syms = symtabOf.invoke(null, context);
        Object replModule = javaBase.get(syms) == noModule.get(syms) ? noModule.get(syms) : unnamedModule.get(syms);
        Object repl = getPackage.invoke(syms, replModule, fromString.invoke(namesOf.invoke(null, context), "REPL"));
        if (repl == null) return;
        List<Object> replClasses = new ArrayList<>();
        for (Object clazz : (Iterable<?>) allClasses.invoke(syms)) {
            if (packageOf.invoke(clazz) == repl) replClasses.add(clazz);
        }
        for (Object clazz : replClasses) removeClass.invoke(syms, replModule, flatName.invoke(clazz));
        members.set(repl, null);
        completer.set(repl, finderCompleter.invoke(classFinderOf.invoke(null, context)));
    }
}
