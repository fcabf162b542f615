package io.javagpu.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MIME type to content, as in display_data. Values are Strings, or for JSON types (application/json,
 * application/vnd.vegalite.v5+json) plain Java Maps, Lists, Strings, Numbers, Booleans and nulls that the kernel
 * serialises as JSON.
 */
public final class MimeBundle {
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    public static MimeBundle text(String plain) {
        return new MimeBundle().with("text/plain", plain);
    }

    public MimeBundle with(String mimeType, Object content) {
        data.put(mimeType, content);
        return this;
    }

    public MimeBundle withMetadata(String key, Object value) {
        metadata.put(key, value);
        return this;
    }

    public Map<String, Object> data() {
        return Collections.unmodifiableMap(data);
    }

    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** Keeps only the given MIME types (text/plain is always kept so every front end can show something). */
    public MimeBundle only(java.util.Collection<String> mimeTypes) {
        MimeBundle kept = new MimeBundle();
        data.forEach((type, content) -> {
            if (type.equals("text/plain") || mimeTypes.contains(type)) kept.with(type, content);
        });
        kept.metadata.putAll(metadata);
        return kept;
    }

    @Override
    public String toString() {
        return "MimeBundle" + data.keySet();
    }
}
