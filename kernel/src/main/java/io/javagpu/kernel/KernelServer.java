package io.javagpu.kernel;

import io.javagpu.kernel.evaluation.Interrupts;
import io.javagpu.kernel.evaluation.JShellStart;
import io.javagpu.kernel.evaluation.JavaInterpreter;
import io.javagpu.kernel.handlers.CommHandler;
import io.javagpu.kernel.handlers.CompleteHandler;
import io.javagpu.kernel.handlers.ExecuteHandler;
import io.javagpu.kernel.handlers.ExecutionHistory;
import io.javagpu.kernel.handlers.HistoryHandler;
import io.javagpu.kernel.handlers.InspectHandler;
import io.javagpu.kernel.handlers.InterruptHandler;
import io.javagpu.kernel.handlers.IsCompleteHandler;
import io.javagpu.kernel.handlers.KernelInfoHandler;
import io.javagpu.kernel.handlers.RequestHandler;
import io.javagpu.kernel.handlers.ShutdownHandler;
import io.javagpu.kernel.output.NotebookPrintStream;
import io.javagpu.kernel.output.NotebookInputStream;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.protocol.ConnectionInfo;
import io.javagpu.kernel.protocol.IoPub;
import io.javagpu.kernel.protocol.KernelSockets;
import io.javagpu.kernel.protocol.MalformedMessageException;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.logging.KernelLog;
import io.javagpu.kernel.protocol.MessageFactory;
import io.javagpu.kernel.protocol.MessageSigner;
import io.javagpu.kernel.protocol.WireCodec;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Binds the five channels of a connection file and wires them to the handlers. */
public final class KernelServer {
    /** javac recurses once per operator of an expression: deep but legal cells must not overflow the shell's stack. */
    private static final long SHELL_STACK_BYTES = 512L << 20;
    private final KernelSockets sockets;
    private final ConnectionInfo connection;
    private final WireCodec codec;
    private final MessageFactory messages = new MessageFactory();
    private final IoPub iopub;
    private final KernelSession session;
    private final JavaInterpreter interpreter;
    private Channel stdin;

    /** {@code shell}: JShell, begun before the sockets (see {@link JShellStart}). */
    public KernelServer(ConnectionInfo connection, KernelSockets sockets, JShellStart shell) {
        this.connection = connection;
        this.sockets = sockets;
        this.codec = new WireCodec(new MessageSigner(connection.signatureScheme(), connection.key()));
        this.iopub = new IoPub(new Channel("iopub", sockets.iopub(), codec), messages);
        this.session = new KernelSession(messages, iopub);
        this.interpreter = new JavaInterpreter(new NotebookDisplay(session), shell);
    }

    /**
     * A server for the connection file, its sockets bound. ZeroMQ and the HMAC provider each cost ~100 ms of class
     * initialisation on a small machine: they start on another thread, which binds as soon as this one has read
     * the ports from the file.
     */
    public static KernelServer open(Path connectionFile) throws IOException {
        JShellStart shell = JShellStart.begin();
        CompletableFuture<ConnectionInfo> ports = new CompletableFuture<>();
        CompletableFuture<KernelSockets> sockets = KernelSockets.openAsync(ports, KernelServer::prepareMessaging);
        ConnectionInfo connection;
        try {
            connection = ConnectionInfo.read(connectionFile);
        } catch (IOException | RuntimeException e) {
            ports.completeExceptionally(e);
            throw e;
        }
        ports.complete(connection);
        try {
            return new KernelServer(connection, sockets.join(), shell);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Initialises what the first reply needs besides the sockets (the HMAC provider, the date format, Jackson's
     * parser and generator) by encoding and decoding one throwaway message.
     */
    private static void prepareMessaging() {
        MessageSigner.loadProviders();
        MessageFactory messages = new MessageFactory();
        WireCodec codec = new WireCodec(new MessageSigner("hmac-sha256", "unused"));
        Message probe = new Message(List.of(), messages.header("status"), MessageFactory.object(),
                MessageFactory.object(), MessageFactory.object().put("execution_state", "starting"), List.of());
        try {
            codec.decode(codec.encode(probe));
        } catch (MalformedMessageException e) {
            KernelLog.debug("message self-check failed: " + e.getMessage());
        }
    }

    public ConnectionInfo connection() {
        return connection;
    }

    public Interrupts interrupts() {
        return interpreter.interrupts();
    }

    /** Starts the channel threads and serves the shell channel on the calling thread. */
    public void run() {
        Channel shell = new Channel("shell", sockets.shell(), codec);
        Channel control = new Channel("control", sockets.control(), codec);
        Channel stdin = new Channel("stdin", sockets.stdin(), codec);
        ZMQ.Socket heartbeat = sockets.heartbeat();

        iopub.start();
        redirectStandardStreams(session, new StdinRequester(stdin, session, interrupts()));
        // The first cell waits for the runtime; completing it now overlaps it with the client's connection and kernel_info.
        interpreter.start();

        RequestHandler kernelInfo = new KernelInfoHandler();
        RequestHandler shutdown = new ShutdownHandler(iopub, this::exit);
        this.stdin = stdin;
        RequestHandler comms = new CommHandler(iopub);
        ExecutionHistory history = new ExecutionHistory();

        Map<String, RequestHandler> controlHandlers = new HashMap<>();
        controlHandlers.put("kernel_info_request", kernelInfo);
        controlHandlers.put("shutdown_request", shutdown);
        controlHandlers.put("interrupt_request", new InterruptHandler(interrupts()));

        Map<String, RequestHandler> shellHandlers = new HashMap<>();
        shellHandlers.put("kernel_info_request", kernelInfo);
        shellHandlers.put("shutdown_request", shutdown);
        shellHandlers.put("execute_request", new ExecuteHandler(session, interpreter, history));
        shellHandlers.put("complete_request", new CompleteHandler(interpreter));
        shellHandlers.put("inspect_request", new InspectHandler(interpreter));
        shellHandlers.put("is_complete_request", new IsCompleteHandler(interpreter));
        shellHandlers.put("history_request", new HistoryHandler(history));
        shellHandlers.put("comm_info_request", comms);
        shellHandlers.put("comm_open", comms);
        shellHandlers.put("comm_msg", comms);
        shellHandlers.put("comm_close", comms);

        daemon("heartbeat", () -> echo(heartbeat)).start();
        daemon("control", new RequestLoop(control, controlHandlers, iopub, messages)).start();
        iopub.status(null, "starting");
        KernelLog.debug("channels bound, serving");
        Thread shellLoop = new Thread(null, new RequestLoop(shell, shellHandlers, iopub, messages), "shell", SHELL_STACK_BYTES);
        shellLoop.start();
        awaitExit();
    }

    /** The process ends in exit(), which a shutdown request or the parent's exit calls; until then this thread waits. */
    private static void awaitExit() {
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void echo(ZMQ.Socket heartbeat) {
        try {
            while (true) {
                byte[] ping = heartbeat.recv(0);
                if (ping != null) heartbeat.send(ping, 0);
            }
        } catch (RuntimeException closed) {
            heartbeat.close();
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Notebook code prints into the coalescer and reads System.in through input requests. */
    private static void redirectStandardStreams(KernelSession session, StdinRequester stdin) {
        System.setOut(new NotebookPrintStream("stdout", session.output()));
        System.setErr(new NotebookPrintStream("stderr", session.output()));
        System.setIn(new NotebookInputStream(stdin));
    }

    /**
     * Sends what is queued and ends the process. The calling thread closes its own channel (its reply then goes out
     * within the linger time) and the unused stdin channel; terminating the context wakes the other channel loops,
     * which close theirs. A loop still busy with a cell cannot, so the wait is bounded.
     */
    void exit(Channel callersChannel) {
        iopub.drainAndStop(1000);
        callersChannel.socket().close();
        stdin.socket().close();
        Thread terminator = daemon("zmq-term", sockets.context()::term);
        terminator.start();
        try {
            terminator.join(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KernelLog.debug("exiting, context terminated: " + !terminator.isAlive());
        // halt, not exit: every reply is out, and shutdown hooks of libraries (JShell, JCuda) only cost time here.
        Runtime.getRuntime().halt(0);
    }
}
