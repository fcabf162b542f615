package io.javagpu.magics;

/**
 * A notebook magic: {@code %name args} on a line (or as an expression, {@code var r = %name args}), or
 * {@code %%name args} on the first line of a cell. Implementations are found with {@link java.util.ServiceLoader}
 * (META-INF/services/io.javagpu.magics.Magic), so jars loaded into a notebook can add their own.
 */
public interface Magic {
    /** The name typed after % or %%. */
    String name();

    /** One line for %lsmagic. */
    String summary();

    /** Whether {@code %name} is accepted. */
    default boolean isLineMagic() {
        return true;
    }

    /** Whether {@code %%name} is accepted. */
    default boolean isCellMagic() {
        return false;
    }

    /**
     * Runs the line form. The returned object becomes the value of the magic when it is used as an expression;
     * it is not displayed otherwise (a magic shows what it wants through the context).
     */
    Object runLine(MagicContext context, String args) throws Exception;

    /** Runs the cell form: {@code body} is the cell without its first line. */
    default Object runCell(MagicContext context, String args, String body) throws Exception {
        throw new MagicException("%%" + name() + " is not a cell magic; use %" + name());
    }
}
