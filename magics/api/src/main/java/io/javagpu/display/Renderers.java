package io.javagpu.display;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns objects into MIME bundles. A renderer is registered for a class or interface and applies to its
 * subtypes; the most specific one wins: the class itself, then its superclass and interfaces, nearest first
 * (breadth-first, superclass before interfaces at the same distance). A renderer may return null to pass, in which
 * case the next one in that order is tried. Without a rich renderer, text/plain is {@code String.valueOf(value)}.
 */
public final class Renderers {
    private static final Map<Class<?>, Function<Object, MimeBundle>> RENDERERS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, List<Function<Object, MimeBundle>>> CHAINS = new ConcurrentHashMap<>();

    static {
        BuiltinRenderers.registerAll();
    }

    private Renderers() {
    }

    /** Registers (or replaces) the renderer for {@code type} and its subtypes. */
    public static <T> void register(Class<T> type, Function<? super T, MimeBundle> renderer) {
        RENDERERS.put(type, value -> renderer.apply(type.cast(value)));
        CHAINS.clear();
    }

    /** Removes the renderer registered for exactly {@code type}; returns whether there was one. */
    public static boolean unregister(Class<?> type) {
        boolean removed = RENDERERS.remove(type) != null;
        CHAINS.clear();
        return removed;
    }

    /** The richest bundle for {@code value}; a renderer's bundle gets text/plain = String.valueOf when it has none. */
    public static MimeBundle render(Object value) {
        if (value instanceof MimeBundle bundle) return bundle;
        MimeBundle rich = renderRich(value);
        if (rich == null) return MimeBundle.text(String.valueOf(value));
        if (!rich.data().containsKey("text/plain")) rich.with("text/plain", String.valueOf(value));
        return rich;
    }

    /** Whether {@code value} has a renderer richer than String.valueOf. */
    public static boolean hasRichRenderer(Object value) {
        return renderRich(value) != null;
    }

    /** The bundle of the most specific renderer that takes {@code value}, or null when only its text would show. */
    public static MimeBundle renderRich(Object value) {
        if (value == null) return null;
        if (value instanceof MimeBundle bundle) return bundle;
        for (Function<Object, MimeBundle> renderer : CHAINS.computeIfAbsent(value.getClass(), Renderers::chainFor)) {
            MimeBundle bundle = renderer.apply(value);
            if (bundle != null) return bundle;
        }
        return null;
    }

    private static List<Function<Object, MimeBundle>> chainFor(Class<?> type) {
        List<Function<Object, MimeBundle>> chain = new ArrayList<>();
        for (Class<?> candidate : lookupOrder(type)) {
            Function<Object, MimeBundle> renderer = RENDERERS.get(candidate);
            if (renderer != null) chain.add(renderer);
        }
        return chain;
    }

    /** {@code type}, then its supertypes breadth-first; reference arrays also match Object[][] / Object[]. */
    static List<Class<?>> lookupOrder(Class<?> type) {
        List<Class<?>> order = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> next = queue.poll();
            if (!seen.add(next)) continue;
            order.add(next);
            if (next.getSuperclass() != null) queue.add(next.getSuperclass());
            queue.addAll(List.of(next.getInterfaces()));
            if (next.isArray() && !next.getComponentType().isPrimitive() && next != Object[].class) {
                // Java arrays are covariant but Class.getSuperclass() of String[][] is Object: add the array supertypes.
                queue.add(next.getComponentType().isArray() && !next.getComponentType().getComponentType().isPrimitive()
                        ? Object[][].class : Object[].class);
            }
        }
        // Object comes last whatever path reached it, so that every real supertype is tried before it.
        if (order.remove(Object.class)) order.add(Object.class);
        return order;
    }
}
