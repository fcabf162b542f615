package io.javagpu.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.protocol.ConnectionInfo;
import io.javagpu.kernel.logging.KernelLog;
import io.javagpu.kernel.protocol.MalformedMessageException;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;
import io.javagpu.kernel.protocol.MessageSigner;
import io.javagpu.kernel.protocol.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -XX:ArchiveClassesAtExit=kernel.jsa -jar java-gpu-kernel.jar --train}: starts a real kernel on
 * loopback ports, exactly as {@link Main} does, and sends it the requests a notebook's first minutes bring
 * (kernel_info, cells, completion, inspection), so that install.py can archive every class (and lambda) that a
 * start and the first cells load (AppCDS, or an AOT cache on JDK 25+ with {@code -XX:AOTCacheOutput}); later
 * starts map them instead of loading and verifying them again.
 */
final class ClassWarmUp {
    private static final String KEY = "train";
    private static final int PROFILING_CELLS = 120;
    /** Java a notebook starts with, then the magics the tutorials start with: each of them is someone's first result. */
    private static final List<String> CELLS = List.of("1 + 1", "int trained = 2;", "String text = \"x\" + trained;",
            "void twice() { trained *= 2; }", "twice();", "List.of(1, 2, 3)", "System.out.println(text);",
            "display(html(\"<b>x</b>\"));", "%lsmagic", "%gpu info", "%gpu memory", "%gpu matmul 64 --warmup 0 --repeat 1",
            "undefinedName", "throw new IllegalStateException(\"x\");");

    private ClassWarmUp() {
    }

    /** Never throws: whatever was loaded before a failure is still worth archiving. */
    static void run() {
        Path connectionFile = null;
        ZMQ.Context clientContext = ZMQ.context(1);
        try {
            connectionFile = writeConnectionFile();
            KernelServer server = KernelServer.open(connectionFile);
            ConnectionInfo connection = server.connection();
            Thread serving = new Thread(server::run, "train-kernel");
            serving.setDaemon(true);
            serving.start();

            ZMQ.Socket dealer = clientContext.socket(SocketType.DEALER);
            dealer.setReceiveTimeOut(120_000);
            dealer.connect(connection.address(connection.shellPort()));
            Channel shell = new Channel("train-client", dealer, new WireCodec(new MessageSigner("hmac-sha256", KEY)));
            MessageFactory client = new MessageFactory();
            roundTrip(shell, client, "kernel_info_request", MessageFactory.object());
            for (String cell : CELLS) execute(shell, client, cell);
            if (Runtime.version().feature() >= 25) {
                // JDK 25+ (install.py makes an AOT cache there) also keeps this run's method profiles: with a few
                // hundred javac passes behind them, the JIT compiles the first cells' hot paths sooner.
                for (int i = 0; i < PROFILING_CELLS; i++) execute(shell, client, i % 2 == 0 ? "1" : "1 + " + i);
            }
            ObjectNode complete = MessageFactory.object();
            complete.put("code", "List.of(1).si");
            complete.put("cursor_pos", 13);
            roundTrip(shell, client, "complete_request", complete);
            roundTrip(shell, client, "inspect_request", complete.deepCopy().put("detail_level", 0));
            roundTrip(shell, client, "is_complete_request", MessageFactory.object().put("code", "int x = "));
            dealer.close();
        } catch (IOException | RuntimeException e) {
            KernelLog.warn("class archive training stopped early: " + e);
        } finally {
            clientContext.close();
            if (connectionFile != null) connectionFile.toFile().delete();
        }
    }

    private static void execute(Channel shell, MessageFactory client, String cell) {
        ObjectNode content = MessageFactory.object();
        content.put("code", cell);
        content.put("silent", false);
        content.put("stop_on_error", false);
        roundTrip(shell, client, "execute_request", content);
    }

    private static void roundTrip(Channel shell, MessageFactory client, String type, ObjectNode content) {
        Message request = new Message(List.of(), client.header(type), MessageFactory.object(), MessageFactory.object(),
                content, List.of());
        shell.send(request);
        while (true) {
            List<byte[]> frames = shell.receiveFrames(true);
            if (frames == null) throw new IllegalStateException("no reply to " + type);
            try {
                if (shell.decode(frames).parentHeader().path("msg_id").asText().equals(request.id())) return;
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("bad reply to " + type + ": " + e.getMessage(), e);
            }
        }
    }

    private static Path writeConnectionFile() throws IOException {
        List<Integer> ports = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : held) socket.close();
        }
        Path file = Files.createTempFile("java-gpu-train", ".json");
        Files.writeString(file, String.format("{\"transport\":\"tcp\",\"ip\":\"127.0.0.1\",\"shell_port\":%d,"
                + "\"control_port\":%d,\"iopub_port\":%d,\"stdin_port\":%d,\"hb_port\":%d,\"key\":\"%s\","
                + "\"signature_scheme\":\"hmac-sha256\",\"kernel_name\":\"java-gpu\"}",
                ports.get(0), ports.get(1), ports.get(2), ports.get(3), ports.get(4), KEY));
        return file;
    }
}
