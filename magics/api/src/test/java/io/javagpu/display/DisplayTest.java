package io.javagpu.display;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static io.javagpu.display.Display.clearOutput;
import static io.javagpu.display.Display.display;
import static io.javagpu.display.Display.html;
import static io.javagpu.display.Display.image;
import static io.javagpu.display.Display.markdown;
import static io.javagpu.display.Display.svg;
import static io.javagpu.display.Display.updateDisplay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisplayTest {
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void install() {
        Display.setSink(sink);
    }

    @AfterEach
    void uninstall() {
        Display.setSink(null);
    }

    @Test
    void displayReturnsTheIdThatUpdatesUse() {
        String id = display("first");
        updateDisplay(id, "second");
        assertEquals(List.of("display", "update"), sink.sent.stream().map(RecordingSink.Sent::kind).toList());
        assertEquals(id, sink.sent.get(0).displayId());
        assertEquals(id, sink.sent.get(1).displayId());
        assertEquals("second", sink.sent.get(1).bundle().data().get("text/plain"));
        assertNotEquals(id, display("other"));
    }

    @Test
    void displayWithMimeTypesKeepsThoseAndTextPlain() {
        display(Table.builder().columns("a").row(1).build(), "text/html");
        assertEquals(Set.of("text/plain", "text/html"), sink.last().bundle().data().keySet());
    }

    @Test
    void clearOutputIsSent() {
        clearOutput();
        assertEquals("clear", sink.last().kind());
    }

    @Test
    void helpersBuildBundles() {
        MimeBundle page = html("<p>a &amp; b</p><p>c</p>");
        assertEquals("<p>a &amp; b</p><p>c</p>", page.data().get("text/html"));
        assertEquals("a & b\nc", page.data().get("text/plain"));
        assertEquals("# T", markdown("# T").data().get("text/markdown"));
        assertTrue(svg("<svg/>").data().containsKey("image/svg+xml"));
    }

    @Test
    void imagesAreRecognisedByTheirBytes(@TempDir Path folder) throws Exception {
        byte[] gif = "GIF89a-rest".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        MimeBundle bundle = image(gif);
        assertEquals(Base64.getEncoder().encodeToString(gif), bundle.data().get("image/gif"));
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0};
        Path file = Files.write(folder.resolve("photo.bin"), jpeg);
        assertTrue(image(file).data().containsKey("image/jpeg"));
        assertThrows(IllegalArgumentException.class, () -> image("not an image".getBytes()));
    }

    @Test
    void withoutASinkDisplayFailsClearly() {
        Display.setSink(null);
        IllegalStateException problem = assertThrows(IllegalStateException.class, () -> display("x"));
        assertTrue(problem.getMessage().contains("display sink"));
    }
}
