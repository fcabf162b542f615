package io.javagpu.kernel.evaluation;

import jdk.jshell.VarSnippet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The newest {@code $N} temporaries, kept usable after their snippets are dropped.
 *
 * <p>JShell writes an import of every active declaration into the source of each javac pass (four or five per cell),
 * and javac reads the class of each imported snippet again in every pass. Ten temporaries kept active cost a trivial
 * cell ~15% of its time, and ~15 MB of peak RSS in a burst of cells (measured through the kernel, JDK 17). So a
 * temporary is dropped when its cell ends and only its wrapper class is kept (the class files, which javac needs to
 * compile against it, and the loaded class, which holds the value). A later snippet that names it gets it back first
 * through a declaration of the same name, {@code var $3 = REPL.$JShell$12.$3;}: same type (even one that cannot be
 * written down), same object. That declaration is a temporary in its turn, so an assignment to it carries on. A
 * value {@link OnePassExpressions} computed comes back the same way from its own class, declared with the type that
 * pass found: {@code int $4 = (int) REPL.$Fast$9.$4;}.
 */
final class RecentTemporaries {
    /** A {@code $N} name as a whole Java identifier; in strings or comments it only costs a needless declaration. */
    private static final Pattern TEMPORARY_NAME = Pattern.compile("(?<![\\p{javaJavaIdentifierPart}])\\$[0-9]+(?![\\p{javaJavaIdentifierPart}])");

    private final int capacity;
    /** Told the name of a temporary that leaves (pushed out or forgotten, not replaced by a newer one). */
    private final Consumer<String> nameLeft;
    /** Name to its newest kept temporary, oldest first. */
    private final LinkedHashMap<String, Kept> kept = new LinkedHashMap<>();

    /**
     * A temporary that can come back: the type shown for it, the class holding its value, the declaration that brings
     * it back (null where it cannot), and what forgets that class.
     */
    record Kept(String name, String typeName, String className, String declaration, Runnable forget) {
        /** A JShell temporary, its snippet just dropped. */
        static Kept ofSnippet(VarSnippet dropped, GeneratedClassPruner classes) {
            String wrapper = classes.classNameOf(dropped);
            String declaration = wrapper == null ? null : "var " + dropped.name() + " = " + wrapper + "." + dropped.name() + ";";
            return new Kept(dropped.name(), dropped.typeName(), wrapper, declaration, () -> classes.forget(dropped));
        }

        /** A value of one pass, held in a field of type Object of its class; {@code shownType}: its type as JShell shows types. */
        static Kept ofOnePass(OnePassExpressions.Compiled compiled, String shownType, GeneratedClassPruner classes) {
            String type = compiled.sourceType();
            String declaration = type + " " + compiled.temporary() + " = (" + type + ") " + compiled.className() + "."
                    + compiled.temporary() + ";";
            return new Kept(compiled.temporary(), shownType, compiled.className(), declaration,
                    () -> classes.forgetClass(compiled.className(), false));
        }
    }

    RecentTemporaries(int capacity, Consumer<String> nameLeft) {
        this.capacity = capacity;
        this.nameLeft = nameLeft;
    }

    /** The {@code $N} names in {@code source}, in order, without repeats. */
    static Set<String> namesIn(String source) {
        Set<String> names = new LinkedHashSet<>();
        if (source.indexOf('$') < 0) return names;
        Matcher matcher = TEMPORARY_NAME.matcher(source);
        while (matcher.find()) names.add(matcher.group());
        return names;
    }

    /**
     * Declarations that bring back the kept temporaries {@code source} names, except those {@code declared} says
     * are active variables now.
     */
    List<String> declarationsFor(String source, Predicate<String> declared) {
        List<String> declarations = new ArrayList<>();
        for (String name : namesIn(source)) {
            Kept temporary = kept.get(name);
            if (temporary == null || declared.test(name) || temporary.declaration() == null) continue;
            declarations.add(temporary.declaration());
        }
        return declarations;
    }

    /**
     * Whether a {@code var} declaration can bring {@code temporary} back: not when its type is an anonymous class,
     * which JShell turns into a class of the snippet's own that a later snippet cannot name.
     */
    static boolean canBringBack(VarSnippet temporary) {
        return !temporary.typeName().startsWith("<");
    }

    /** Keeps {@code temporary}; the class of the one it replaces or pushes out is forgotten. */
    void keep(Kept temporary) {
        Kept replaced = kept.remove(temporary.name());
        if (replaced != null) replaced.forget().run();
        kept.put(temporary.name(), temporary);
        while (kept.size() > capacity) {
            String oldest = kept.keySet().iterator().next();
            kept.remove(oldest).forget().run();
            nameLeft.accept(oldest);
        }
    }

    /** Forgets temporary {@code name} and its class, if kept. */
    void forget(String name) {
        Kept forgotten = kept.remove(name);
        if (forgotten == null) return;
        forgotten.forget().run();
        nameLeft.accept(name);
    }

    Kept get(String name) {
        return kept.get(name);
    }

    /** Name to type of the kept temporaries, oldest first. */
    Map<String, String> types() {
        Map<String, String> types = new LinkedHashMap<>();
        kept.forEach((name, temporary) -> types.put(name, temporary.typeName()));
        return types;
    }
}
