package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

/** kernel_info_request: who we are and which Java runs the notebook. */
public final class KernelInfoHandler implements RequestHandler {
    public static final String IMPLEMENTATION_VERSION = io.javagpu.magics.Version.VERSION;
    @Override
    public Reply handle(Message request) {
        return Reply.of(content());
    }

    static ObjectNode content() {
        ObjectNode content = MessageFactory.object();
        content.put("status", "ok");
        content.put("protocol_version", MessageFactory.PROTOCOL_VERSION);
        content.put("implementation", "java-gpu-kernel");
        content.put("implementation_version", IMPLEMENTATION_VERSION);
        ObjectNode language = content.putObject("language_info");
        language.put("name", "java");
        language.put("version", Runtime.version().toString());
        language.put("mimetype", "text/x-java-source");
        language.put("file_extension", ".jshell");
        language.put("pygments_lexer", "java");
        language.put("codemirror_mode", "text/x-java");
        content.put("banner", "java-gpu-kernel " + IMPLEMENTATION_VERSION + " (JShell on Java " + Runtime.version()
                + ", " + System.getProperty("java.vendor") + "); %gpu info shows the GPU chain, %lsmagic lists magics");
        content.put("debugger", false);
        ObjectNode help = content.putArray("help_links").addObject();
        help.put("text", "JShell guide");
        help.put("url", "https://docs.oracle.com/en/java/javase/17/jshell/");
        return content;
    }
}
