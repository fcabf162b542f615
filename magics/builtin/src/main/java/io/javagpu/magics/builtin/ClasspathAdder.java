package io.javagpu.magics.builtin;

import io.javagpu.magics.MagicContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Adds entries not already on the notebook's class path, tells the user, and returns what was added. */
final class ClasspathAdder {
    private ClasspathAdder() {
    }

    /** Returns the newly added entries as a (public) ArrayList, so it can be a magic's expression value. */
    static ArrayList<Path> add(MagicContext context, List<Path> entries) {
        LinkedHashSet<Path> fresh = new LinkedHashSet<>();
        for (Path entry : entries) fresh.add(entry.toAbsolutePath().normalize());
        fresh.removeAll(context.classpath().stream().map(p -> p.toAbsolutePath().normalize()).toList());
        ArrayList<Path> added = new ArrayList<>(fresh);
        if (!added.isEmpty()) context.addToClasspath(List.copyOf(added));
        int skipped = entries.size() - added.size();
        context.out().println("Added " + added.size() + (added.size() == 1 ? " entry" : " entries") + " to the class path"
                + (skipped > 0 ? " (" + skipped + " already there)" : "") + ".");
        return added;
    }
}
