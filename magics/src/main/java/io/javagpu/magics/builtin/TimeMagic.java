package io.javagpu.magics.builtin;

import io.javagpu.display.Renderers;
import io.javagpu.magics.CommandMagic;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * %time code / %%time: evaluates the code once and prints its CPU and wall time. The CPU time is that of the
 * thread running the magic (ThreadMXBean), so it only covers the evaluation when the kernel evaluates on that
 * thread; it reads 0 when the JVM cannot measure thread CPU time.
 */
@Command(name = "time", description = "Time one evaluation of Java code (CPU and wall time).")
public final class TimeMagic extends CommandMagic {
    @Parameters(arity = "0..*", paramLabel = "CODE", description = "The Java code to time (the rest of the line).")
    private List<String> codeWords = new ArrayList<>();

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
        if (code().isBlank()) throw new MagicException("%time needs code to time, e.g. %time Thread.sleep(100)\n" + usage());
        return time(context, code());
    }

    @Override
    protected Object runCell(MagicContext context, String body) throws Exception {
        if (!code().isBlank()) throw new MagicException("%%time takes its code from the cell body, not from the %%time line");
        if (body.isBlank()) throw new MagicException("%%time needs code in the cell below the %%time line");
        return time(context, body);
    }

    static TimeResult time(MagicContext context, String code) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuMeasurable = threads.isCurrentThreadCpuTimeSupported();
        if (cpuMeasurable && !threads.isThreadCpuTimeEnabled()) threads.setThreadCpuTimeEnabled(true);
        long cpuStart = cpuMeasurable ? threads.getCurrentThreadCpuTime() : 0;
        long wallStart = System.nanoTime();
        Object value = context.eval(code);
        long wall = System.nanoTime() - wallStart;
        long cpu = cpuMeasurable ? threads.getCurrentThreadCpuTime() - cpuStart : 0;
        TimeResult result = new TimeResult(value, Duration.ofNanos(wall), Duration.ofNanos(cpu));
        context.out().println(result);
        context.out().flush();
        if (value != null) context.display().display(Renderers.render(value), null);
        return result;
    }
}
