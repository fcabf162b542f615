package io.javagpu.magics.builtin;

import io.javagpu.display.Renderers;
import io.javagpu.magics.MagicContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * %time code / %%time: evaluates the code once and prints its CPU and wall time.
 *
 * <p>The CPU time is the whole JVM process's (all threads, as IPython's %time reports the process's), not the
 * magic's thread's: JShell runs each snippet on a thread of its own, so the magic's thread would only see the
 * compilation. It therefore includes JIT and GC work done meanwhile. Where the JVM cannot report process CPU time,
 * the current thread's is used instead.
 */
@Command(name = "time", description = "Time one evaluation of Java code (CPU and wall time).")
public final class TimeMagic extends CodeTimingMagic {
    @Parameters(arity = "0..*", paramLabel = "CODE", description = "The Java code to time (the rest of the line).")
    private List<String> codeWords = new ArrayList<>();

    public TimeMagic() {
        super("Thread.sleep(100)");
    }

    @Override
    protected Object timeCode(MagicContext context, String code) throws Exception {
        return time(context, code);
    }

    static TimeResult time(MagicContext context, String code) throws Exception {
        long cpuStart = cpuNanos();
        long wallStart = System.nanoTime();
        Object value = context.eval(code);
        long wall = System.nanoTime() - wallStart;
        long cpu = Math.max(0, cpuNanos() - cpuStart);
        TimeResult result = new TimeResult(value, Duration.ofNanos(wall), Duration.ofNanos(cpu));
        context.out().println(result);
        context.out().flush();
        if (value != null) context.display().display(Renderers.render(value), null);
        return result;
    }

    /** CPU time used so far by the process, or else by the current thread, or 0 when neither is measurable. */
    static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long processCpu = os.getProcessCpuTime();
            if (processCpu >= 0) return processCpu;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? Math.max(0, threads.getCurrentThreadCpuTime()) : 0;
    }
}
