package io.javagpu.kernel.evaluation;

import io.javagpu.display.MimeBundle;

/**
 * The value of a cell's last expression: JShell's text for it, its declared type, the JShell variable that holds it
 * (a temporary like {@code $3}, or a variable the user named), the object itself, and its rich form when a display
 * renderer knows its type (null otherwise).
 */
public record EvaluatedValue(String text, String typeName, String variableName, Object object, MimeBundle rich) {

    /** What the notebook shows: the rich form, or JShell's text. */
    public MimeBundle bundle() {
        return rich != null ? rich : MimeBundle.text(text);
    }
}
