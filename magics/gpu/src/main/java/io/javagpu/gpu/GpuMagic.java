package io.javagpu.gpu;

import io.javagpu.magics.Magic;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import io.javagpu.magics.ShellWords;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %gpu info|matmul|bandwidth|memory|device|help} and {@code %%gpu} (time a cell). Arguments are parsed with
 * picocli ({@link GpuCommands}); argument errors and CUDA failures become {@link MagicException}s with clear text,
 * never a dead kernel.
 */
public final class GpuMagic implements Magic {

    @Override
    public String name() {
        return "gpu";
    }

    @Override
    public String summary() {
        return "GPU status, cuBLAS matmul, copy bandwidth and cell timing (%gpu --help)";
    }

    @Override
    public boolean isCellMagic() {
        return true;
    }

    @Override
    public Object runLine(MagicContext context, String args) throws Exception {
        List<String> tokens = ShellWords.split(args == null ? "" : args);
        CommandLine cl = GpuCommands.commandLine();
        StringWriter help = new StringWriter();
        cl.setOut(new PrintWriter(help, true));
        cl.setErr(new PrintWriter(help, true));
        if (tokens.isEmpty()) {
            GpuProbe.Status status = GpuProbe.status();
            io.javagpu.gpu.cuda.CudaBinding binding = GpuProbe.binding();
            context.out().println(status.usable() ? "GPU: usable, " + status.deviceCount() + " device(s) through the " + binding.name()
                    + " binding; %gpu info for details"
                    : "GPU: not usable (%gpu magics run on the CPU): " + status.whyNot());
            context.out().println();
            cl.usage(context.out());
            return null;
        }
        CommandLine.ParseResult parsed;
        try {
            parsed = cl.parseArgs(tokens.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new MagicException(e.getMessage() + "\n" + e.getCommandLine().getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            context.out().print(help);
            context.out().flush();
            return null;
        }
        CommandLine.ParseResult sub = parsed.subcommand();
        if (sub == null) {
            cl.usage(context.out());
            return null;
        }
        Object command = sub.commandSpec().userObject();
        if (!(command instanceof GpuCommands.GpuCommand gc)) {
            cl.usage(context.out());
            return null;
        }
        return guarded(() -> gc.run(context));
    }

    private interface Body {
        Object run() throws Exception;
    }

    /** Maps failures the user can act on to MagicExceptions with clear text; the kernel stays alive. */
    private static Object guarded(Body body) throws Exception {
        try {
            return body.run();
        } catch (GpuException | IllegalArgumentException e) {
            throw new MagicException(e.getMessage(), e);
        } catch (CudaException e) {
            throw new MagicException("CUDA error: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new MagicException("out of Java heap: " + e.getMessage() + "; try a smaller size or a larger -Xmx", e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new MagicException("a native library is missing: " + e.getMessage() + ". Run %gpu info to see which link is broken.", e);
        }
    }

    @Override
    public Object runCell(MagicContext context, String args, String body) throws Exception {
        String device = "auto";
        List<String> tokens = ShellWords.split(args == null ? "" : args);
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("--help") || t.equals("-h")) {
                context.out().println("%%gpu [--device auto|gpu|cpu]: runs the cell and shows its wall-clock time and, on the GPU,"
                        + " the time between CUDA events recorded before and after it (on the CPU: the process CPU time).");
                return null;
            } else if (t.equals("--device") && i + 1 < tokens.size()) {
                device = tokens.get(++i);
            } else if (t.startsWith("--device=")) {
                device = t.substring("--device=".length());
            } else {
                throw new MagicException("%%gpu: unknown argument '" + t + "'; usage: %%gpu [--device auto|gpu|cpu]");
            }
        }
        String chosen = device;
        return guarded(() -> CellTimer.time(context, body, chosen));
    }
}
