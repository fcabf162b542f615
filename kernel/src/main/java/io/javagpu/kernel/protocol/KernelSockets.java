package io.javagpu.kernel.protocol;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The ZeroMQ context and the five sockets of a kernel. They are created on a thread of their own while the
 * connection file is read elsewhere (starting ZeroMQ and reading JSON each cost ~100 ms of class initialisation at
 * kernel start, and this way the two overlap), and bound there as soon as the ports are known: the client's
 * connection attempts (every 100 ms) can then succeed while the rest of the kernel is still being set up. The
 * sockets reach the threads that use them through the future, which orders the two threads' accesses.
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

    /**
     * Creates the sockets on a new thread and binds them there once {@code connection} is known; {@code alongside}
     * runs on that thread too, afterwards, and then the context's I/O thread is put under the batch policy
     * ({@link IoThreadScheduling}).
     */
    public static CompletableFuture<KernelSockets> openAsync(CompletableFuture<ConnectionInfo> connection,
                                                             Runnable alongside) {
        CompletableFuture<KernelSockets> future = new CompletableFuture<>();
        Thread creator = new Thread(() -> {
            try {
                KernelSockets sockets = new KernelSockets();
                sockets.bind(connection.join());
                future.complete(sockets);
            } catch (Throwable e) {
                future.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                return;
            }
            alongside.run();
            IoThreadScheduling.batchIoThreads();
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
    private void bind(ConnectionInfo connection) {
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
