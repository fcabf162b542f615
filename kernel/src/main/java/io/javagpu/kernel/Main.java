package io.javagpu.kernel;

import io.javagpu.kernel.logging.KernelLog;

import java.nio.file.Path;

/** {@code java -jar java-gpu-kernel.jar CONNECTION_FILE}: the process a Jupyter client starts. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        KernelLog.init();
        KernelLog.debug("main started");
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            StringBuilder trace = new StringBuilder("uncaught in thread " + thread.getName() + ": " + error.getClass().getName());
            for (StackTraceElement frame : error.getStackTrace()) trace.append("\n        at ").append(frame);
            KernelLog.warn(trace.toString());
        });
        if (args.length == 1 && args[0].equals("--train")) {
            ClassWarmUp.run();
            System.exit(0);
        }
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: java -jar java-gpu-kernel.jar CONNECTION_FILE | --train");
            System.exit(2);
        }
        KernelServer server = KernelServer.open(Path.of(args[0]));
        exitWithParent();
        ClassArchiveRefresh.scheduleIfStale();
        handleSigint(server);
        server.run();
    }

    /** A kernel whose client died would otherwise live on, holding ports and memory. */
    private static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            KernelLog.warn("parent process " + parent.pid() + " exited; kernel exits too");
            Runtime.getRuntime().halt(0);
        }));
    }

    /** Clients in signal mode, and terminals, send SIGINT: it interrupts the cell instead of ending the JVM. */
    private static void handleSigint(KernelServer server) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> server.interrupts().interrupt());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            KernelLog.warn("cannot handle SIGINT: " + e.getMessage());
        }
    }
}
