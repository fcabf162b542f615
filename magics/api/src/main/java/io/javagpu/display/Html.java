package io.javagpu.display;

/** HTML text helpers. */
public final class Html {
    private Html() {
    }

    /** Escapes text for use in HTML element content and in quoted attribute values. */
    public static String escape(String text) {
        if (text == null) return "";
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** A rough plain-text version of an HTML fragment, for the text/plain fallback of html(...). */
    static String toPlainText(String html) {
        String text = html.replaceAll("(?is)<(script|style)\\b.*?</\\1>", "")
                .replaceAll("(?i)<br\\s*/?>|</p>|</div>|</tr>|</h[1-6]>|</li>", "\n")
                .replaceAll("<[^>]*>", "");
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&").strip();
    }
}
