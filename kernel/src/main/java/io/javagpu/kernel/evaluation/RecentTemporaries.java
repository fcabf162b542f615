package io.javagpu.kernel.evaluation;

import jdk.jshell.VarSnippet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * written down), same object. That declaration is a temporary in its turn, so an assignment to it carries on.
 */
final class RecentTemporaries {
    /** A {@code $N} name as a whole Java identifier; in strings or comments it only costs a needless declaration. */
    private static final Pattern TEMPORARY_NAME = Pattern.compile("(?<![\\p{javaJavaIdentifierPart}])\\$[0-9]+(?![\\p{javaJavaIdentifierPart}])");

    private final int capacity;
    private final GeneratedClassPruner classes;
    /** Name to its newest dropped snippet, oldest first. */
    private final LinkedHashMap<String, VarSnippet> kept = new LinkedHashMap<>();

    RecentTemporaries(int capacity, GeneratedClassPruner classes) {
        this.capacity = capacity;
        this.classes = classes;
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
            VarSnippet dropped = kept.get(name);
            if (dropped == null || declared.test(name)) continue;
            String wrapper = classes.classNameOf(dropped);
            if (wrapper != null) declarations.add("var " + name + " = " + wrapper + "." + name + ";");
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

    /** Keeps {@code dropped}, a temporary's snippet just dropped; the class of the one it replaces or pushes out goes. */
    void keep(VarSnippet dropped) {
        VarSnippet replaced = kept.remove(dropped.name());
        if (replaced != null) classes.forget(replaced);
        kept.put(dropped.name(), dropped);
        while (kept.size() > capacity) {
            String oldest = kept.keySet().iterator().next();
            classes.forget(kept.remove(oldest));
        }
    }

    VarSnippet get(String name) {
        return kept.get(name);
    }

    /** Name to type of the kept temporaries, oldest first. */
    Map<String, String> types() {
        Map<String, String> types = new LinkedHashMap<>();
        kept.forEach((name, snippet) -> types.put(name, snippet.typeName()));
        return types;
    }
}
