package io.javagpu.display;

/** Turns objects into MIME bundles. (Skeleton: the registry of renderers is filled in by the display work.) */
public final class Renderers {
    private Renderers() {
    }

    public static MimeBundle render(Object value) {
        if (value instanceof MimeBundle bundle) return bundle;
        return MimeBundle.text(String.valueOf(value));
    }

    /** Whether {@code value} has a renderer richer than String.valueOf. */
    public static boolean hasRichRenderer(Object value) {
        return value instanceof MimeBundle;
    }
}
