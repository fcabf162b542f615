package io.javagpu.kernel.protocol;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.util.concurrent.CompletableFuture;

/**
 * The ZeroMQ context and the five sockets of a kernel. They are created before the connection file is known
 * (ports only matter to {@link #bind}), on a thread of their own: starting ZeroMQ and reading JSON each cost
 * ~100 ms of class initialisation at kernel start, and this way the two overlap. A created socket is handed to
 * the thread that binds and uses it through the future, which orders the two threads' accesses.
 */
public final class KernelSockets {
    private final ZMQ.Context context = ZMQ.context(1);
    private final ZMQ.Socket shell = router();
    private final ZMQ.Socket control = router();
    private final ZMQ.Socket stdin = router();
    private final ZMQ.Socket iopub = context.socket(SocketType.PUB);
    private final ZMQ.Socket heartbeat = context.socket(SocketType.REP);

    private KernelSockets() {
        iopub.setLinger(1000);
        iopub.setSndHWM(0);
    }

    /** Creates the sockets on a new thread; {@code alongside} runs there too, after them. */
    public static CompletableFuture<KernelSockets> createAsync(Runnable alongside) {
        CompletableFuture<KernelSockets> future = new CompletableFuture<>();
        Thread creator = new Thread(() -> {
            try {
                future.complete(new KernelSockets());
                alongside.run();
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "zmq-start");
        creator.setDaemon(true);
        creator.start();
        return future;
    }

    private ZMQ.Socket router() {
        ZMQ.Socket socket = context.socket(SocketType.ROUTER);
        socket.setLinger(1000);
        return socket;
    }

    /** Binds every socket to its port on the connection file's address only. */
    public void bind(ConnectionInfo connection) {
        shell.bind(connection.address(connection.shellPort()));
        control.bind(connection.address(connection.controlPort()));
        stdin.bind(connection.address(connection.stdinPort()));
        iopub.bind(connection.address(connection.iopubPort()));
        heartbeat.bind(connection.address(connection.heartbeatPort()));
    }

    public ZMQ.Context context() {
        return context;
    }

    public ZMQ.Socket shell() {
        return shell;
    }

    public ZMQ.Socket control() {
        return control;
    }

    public ZMQ.Socket stdin() {
        return stdin;
    }

    public ZMQ.Socket iopub() {
        return iopub;
    }

    public ZMQ.Socket heartbeat() {
        return heartbeat;
    }
}
