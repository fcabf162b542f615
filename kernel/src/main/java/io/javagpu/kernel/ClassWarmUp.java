package io.javagpu.kernel;

import io.javagpu.display.DisplaySink;
import io.javagpu.display.MimeBundle;
import io.javagpu.kernel.evaluation.CellError;
import io.javagpu.kernel.evaluation.Interrupts;
import io.javagpu.kernel.evaluation.NotebookRuntime;
import io.javagpu.kernel.protocol.ConnectionInfo;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;
import io.javagpu.kernel.protocol.MessageSigner;
import io.javagpu.kernel.protocol.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -XX:ArchiveClassesAtExit=kernel.jsa -jar java-gpu-kernel.jar --train}: loads the classes a kernel
 * start and its first cells need, so that install.py can archive them (AppCDS) and later starts map them instead
 * of loading and verifying them again.
 */
final class ClassWarmUp {
    private ClassWarmUp() {
    }

    static void run() throws Exception {
        Path connectionFile = Files.createTempFile("java-gpu-train", ".json");
        try {
            Files.writeString(connectionFile, "{\"transport\":\"tcp\",\"ip\":\"127.0.0.1\",\"shell_port\":0,"
                    + "\"control_port\":0,\"iopub_port\":0,\"stdin_port\":0,\"hb_port\":0,\"key\":\"k\","
                    + "\"signature_scheme\":\"hmac-sha256\",\"kernel_name\":\"java-gpu\"}");
            ConnectionInfo connection = ConnectionInfo.read(connectionFile);
            WireCodec codec = new WireCodec(new MessageSigner(connection.signatureScheme(), connection.key()));
            MessageFactory messages = new MessageFactory();
            Message request = new Message(List.of(), messages.header("kernel_info_request"), MessageFactory.object(),
                    MessageFactory.object(), MessageFactory.object(), List.of());
            codec.decode(codec.encode(messages.reply(request, "kernel_info_reply", MessageFactory.object())));
            ZMQ.Context context = ZMQ.context(1);
            ZMQ.Socket socket = context.socket(SocketType.ROUTER);
            socket.bindToRandomPort("tcp://127.0.0.1");
            socket.close();
            context.term();
        } finally {
            Files.deleteIfExists(connectionFile);
        }
        DisplaySink discard = new DisplaySink() {
            @Override
            public void display(MimeBundle bundle, String displayId) {
            }

            @Override
            public void update(MimeBundle bundle, String displayId) {
            }

            @Override
            public void clearOutput(boolean wait) {
            }
        };
        NotebookRuntime runtime = NotebookRuntime.create(discard, new Interrupts.Holder());
        for (String cell : List.of("1 + 1", "int trained = 2;", "String text = \"x\" + trained;",
                "void twice() { trained *= 2; }", "twice();", "List.of(1, 2, 3)", "display(html(\"<b>x</b>\"));")) {
            try {
                runtime.runner().run(cell);
            } catch (CellError e) {
                System.err.println("warm-up cell failed: " + cell + ": " + e.errorValue());
            }
        }
    }
}
