package io.javagpu.magics.builtin;

import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * %timeit / %%timeit, after IPython: the code is compiled once; it is run for a short JIT warm-up; unless -n is
 * given the loop count grows 1, 2, 5, 10, 20, 50 ... until one run takes at least 0.2 s; then R runs of N loops
 * are timed and the mean and standard deviation per loop reported.
 */
@Command(name = "timeit", description = "Time Java code over many runs (mean ± std. dev. per loop).")
public final class TimeitMagic extends CodeTimingMagic {
    static final long TARGET_RUN_NANOS = 200_000_000L;
    private static final long WARM_UP_NANOS = 100_000_000L;
    private static final int WARM_UP_MAX_CALLS = 10_000;

    @Option(names = "-n", paramLabel = "N", description = "Loops per run (default: chosen so a run takes >= 0.2 s).")
    private Long loops;

    @Option(names = "-r", paramLabel = "R", defaultValue = "7", description = "Runs (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "-o", description = "Return the TimeitResult (all timings, best, mean, stdev).")
    private boolean returnResult;

    @Option(names = "-q", description = "Quiet: do not print the result line.")
    private boolean quiet;

    @Parameters(arity = "0..*", paramLabel = "CODE", description = "The Java code to time (the rest of the line).")
    private List<String> codeWords = new ArrayList<>();

    private final Clock clock;

    public TimeitMagic() {
        this(System::nanoTime);
    }

    /** For tests: a clock to make loop-count selection deterministic. */
    TimeitMagic(Clock clock) {
        super("Math.sqrt(2)");
        this.clock = clock;
    }

    interface Clock {
        long nanoTime();
    }

    @Override
    protected Object timeCode(MagicContext context, String code) throws Exception {
        return timeit(context, code);
    }

    private Object timeit(MagicContext context, String code) throws Exception {
        if (runs < 1) throw new MagicException("-r must be at least 1, not " + runs);
        if (loops != null && loops < 1) throw new MagicException("-n must be at least 1, not " + loops);
        Runnable body = context.compileRunnable(code);
        warmUp(context, body);
        long perRun = loops != null ? loops : autoLoops(context, body);
        double[] perLoop = new double[runs];
        for (int r = 0; r < runs; r++) {
            context.checkInterrupted();
            perLoop[r] = (double) timeLoops(body, perRun) / perRun;
        }
        TimeitResult result = new TimeitResult(perRun, perLoop);
        if (!quiet) {
            context.out().println(result);
            context.out().flush();
        }
        return returnResult ? result : null;
    }

    /** Runs the code until the JIT has seen it for a while (bounded in time and in calls). */
    private void warmUp(MagicContext context, Runnable body) throws InterruptedException {
        long start = clock.nanoTime();
        for (int calls = 0; calls < WARM_UP_MAX_CALLS && clock.nanoTime() - start < WARM_UP_NANOS; calls++) {
            if (calls % 100 == 0) context.checkInterrupted();
            body.run();
        }
    }

    /** IPython's autorange: 1, 2, 5, 10, 20, 50 ... loops until one run takes at least 0.2 s. */
    long autoLoops(MagicContext context, Runnable body) throws InterruptedException {
        for (long scale = 1; ; scale *= 10) {
            for (long factor : new long[] {1, 2, 5}) {
                context.checkInterrupted();
                long n = scale * factor;
                if (timeLoops(body, n) >= TARGET_RUN_NANOS || n >= 1_000_000_000L) return n;
            }
        }
    }

    private long timeLoops(Runnable body, long n) {
        long start = clock.nanoTime();
        for (long i = 0; i < n; i++) body.run();
        return clock.nanoTime() - start;
    }
}
