package io.javagpu.kernel.evaluation;

/**
 * The value of a cell's last expression: JShell's text for it, its declared type, and the JShell variable that
 * holds it (a temporary like {@code $3}, or a variable the user named).
 */
public record EvaluatedValue(String text, String typeName, String variableName) {
    private static final java.util.Set<String> PLAIN_TYPES = java.util.Set.of(
            "int", "long", "short", "byte", "char", "boolean", "float", "double", "String", "java.lang.String",
            "Integer", "Long", "Short", "Byte", "Character", "Boolean", "Float", "Double");

    /** Whether JShell's text is all there is to show (no renderer could do better). */
    public boolean isPlain() {
        return PLAIN_TYPES.contains(typeName);
    }
}
