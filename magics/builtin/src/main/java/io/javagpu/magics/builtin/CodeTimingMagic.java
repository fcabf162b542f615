package io.javagpu.magics.builtin;

import io.javagpu.magics.CommandMagic;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;

/**
 * A magic that times Java code given either on its line ({@code %name code}) or as the cell body
 * ({@code %%name} on the first line), such as %time and %timeit.
 */
abstract class CodeTimingMagic extends CommandMagic {
    private final String example;

    /** {@code example} is the code shown in the error for a missing argument, e.g. "Thread.sleep(100)". */
    CodeTimingMagic(String example) {
        this.example = example;
    }

    /** Times {@code code}; returns the magic's result object. */
    protected abstract Object timeCode(MagicContext context, String code) throws Exception;

    @Override
    public boolean isCellMagic() {
        return true;
    }

    @Override
    protected boolean takesCode() {
        return true;
    }

    @Override
    protected Object run(MagicContext context) throws Exception {
        if (code().isBlank()) {
            throw new MagicException("%" + name() + " needs code to time, e.g. %" + name() + " " + example + "\n" + usage());
        }
        return timeCode(context, code());
    }

    @Override
    protected Object runCell(MagicContext context, String body) throws Exception {
        if (!code().isBlank()) {
            throw new MagicException("%%" + name() + " takes its code from the cell body, not from the %%" + name() + " line");
        }
        if (body.isBlank()) throw new MagicException("%%" + name() + " needs code in the cell below the %%" + name() + " line");
        return timeCode(context, body);
    }
}
