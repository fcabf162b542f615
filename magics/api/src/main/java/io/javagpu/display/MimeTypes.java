package io.javagpu.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Builds the bundle for {@code display(value, mimeTypes...)}. */
final class MimeTypes {
    private static final Pattern MIME_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*");
    /** Types whose content is text as it is; a String given as one of these is that content. */
    private static final Set<String> TEXT_TYPES = Set.of("text/html", "text/markdown", "text/latex", "text/plain",
            "image/svg+xml", "application/javascript", "text/csv");

    private MimeTypes() {
    }

    static MimeBundle bundle(Object value, List<String> mimeTypes) {
        for (String type : mimeTypes) {
            if (type == null || !MIME_TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException("'" + type + "' is not a MIME type (type/subtype, e.g. text/html)");
            }
        }
        if (value instanceof CharSequence text) return textAs(text.toString(), mimeTypes);
        MimeBundle rendered = Renderers.render(value);
        List<String> missing = new ArrayList<>();
        for (String type : mimeTypes) if (!rendered.data().containsKey(type)) missing.add(type);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("a " + value.getClass().getName() + " cannot be shown as " + String.join(", ", missing)
                    + "; it renders as " + String.join(", ", rendered.data().keySet()));
        }
        return rendered.only(mimeTypes);
    }

    private static MimeBundle textAs(String text, List<String> mimeTypes) {
        MimeBundle bundle = new MimeBundle();
        for (String type : mimeTypes) {
            if (!TEXT_TYPES.contains(type)) {
                throw new IllegalArgumentException("text cannot be shown as " + type + " (text can be one of "
                        + String.join(", ", new java.util.TreeSet<>(TEXT_TYPES)) + "; for other types pass a MimeBundle)");
            }
            bundle.with(type, text);
        }
        if (!bundle.data().containsKey("text/plain")) bundle.with("text/plain", text);
        return bundle;
    }
}
