package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;

import java.lang.ref.Reference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Purges the listeners that javac's passes leave on {@code java.lang.Object}'s members in a reused compiler context.
 * Each wrapper class JShell compiles registers one (through the member caches of its class, a subclass of Object) in a
 * list of weak references that javac purges only when a member is added to Object, which never happens: a trivial
 * cell left ~4 references and their list cells behind for good, ~0.2 KB. The live listeners are put back in a fresh
 * list, oldest first as before. Reaches into {@code jdk.compiler}'s {@code code} package (opened by the jar's
 * manifest); when its internals differ, nothing is purged.
 */
final class ObjectScopeListeners {
    /** Purging costs a walk of the list; below this many it waits. */
    private static final int PURGE_AT = 64;

    private final Field objectType;
    private final Field typeSymbol;
    private final Field members;
    private final Field listenerList;
    private final Field references;
    private final Constructor<?> newListenerList;
    private final Method add;

    private ObjectScopeListeners(Field objectType, Field typeSymbol, Field members, Field listenerList, Field references,
                                 Constructor<?> newListenerList, Method add) {
        this.objectType = objectType;
        this.typeSymbol = typeSymbol;
        this.members = members;
        this.listenerList = listenerList;
        this.references = references;
        this.newListenerList = newListenerList;
        this.add = add;
    }

    /** A purger for the contexts javac's {@code Symtab} class belongs to, or null when javac's internals differ. */
    static ObjectScopeListeners of(Class<?> symbolTable) {
        try {
            ClassLoader javac = symbolTable.getClassLoader();
            Class<?> type = Class.forName("com.sun.tools.javac.code.Type", false, javac);
            Class<?> classSymbol = Class.forName("com.sun.tools.javac.code.Symbol$ClassSymbol", false, javac);
            Class<?> scope = Class.forName("com.sun.tools.javac.code.Scope", false, javac);
            Class<?> list = Class.forName("com.sun.tools.javac.code.Scope$ScopeListenerList", false, javac);
            Class<?> listener = Class.forName("com.sun.tools.javac.code.Scope$ScopeListener", false, javac);
            Constructor<?> newList = list.getDeclaredConstructor();
            newList.setAccessible(true);
            return new ObjectScopeListeners(InternalAccess.field(symbolTable, "objectType"), InternalAccess.field(type, "tsym"),
                    InternalAccess.field(classSymbol, "members_field"), InternalAccess.field(scope, "listeners"),
                    InternalAccess.field(list, "listeners"), newList, InternalAccess.method(list, "add", listener));
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("javac's listeners on Object's members are left as they are (" + e + ")");
            return null;
        }
    }

    /** How many listeners Object's members hold in the context whose symbol table is {@code symbolTable}, live or not. */
    int count(Object symbolTable) throws ReflectiveOperationException {
        Object scope = scopeOf(symbolTable);
        return scope == null ? 0 : referencesIn(listenerList.get(scope)).size();
    }

    /** Drops the cleared listeners of Object's members in that context; between javac passes only. */
    void purge(Object symbolTable) throws ReflectiveOperationException {
        Object scope = scopeOf(symbolTable);
        if (scope == null) return;
        Collection<?> held = referencesIn(listenerList.get(scope));
        if (held.size() < PURGE_AT) return;
        List<Object> live = new ArrayList<>();
        for (Object reference : held) {
            Object listener = ((Reference<?>) reference).get();
            if (listener != null) live.add(listener);
        }
        Object fresh = newListenerList.newInstance();
        // javac adds at the head: the newest listener first, as in the list it replaces
        for (int i = live.size() - 1; i >= 0; i--) add.invoke(fresh, live.get(i));
        listenerList.set(scope, fresh);
    }

    private Object scopeOf(Object symbolTable) throws IllegalAccessException {
        Object type = objectType.get(symbolTable);
        Object symbol = type == null ? null : typeSymbol.get(type);
        return symbol == null ? null : members.get(symbol);
    }

    private Collection<?> referencesIn(Object list) throws IllegalAccessException {
        return (Collection<?>) references.get(list);
    }
}
