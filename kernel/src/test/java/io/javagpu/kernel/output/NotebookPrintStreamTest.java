package io.javagpu.kernel.output;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NotebookPrintStreamTest {
    private final List<String> sent = new ArrayList<>();
    private final OutputCoalescer coalescer = new OutputCoalescer((stream, text) -> sent.add(stream + ":" + text), 10_000, 1 << 20);

    @Test
    void everyWayOfPrintingArrivesInOrderAsText() {
        NotebookPrintStream out = new NotebookPrintStream("stdout", coalescer);
        out.print(true);
        out.print('c');
        out.print(1);
        out.print(2L);
        out.print(1.5f);
        out.print(2.5);
        out.print(new char[] {'x', 'y'});
        out.print((String) null);
        out.print(List.of(3));
        out.println();
        out.println("é ✓ \uD83D\uDE00");
        out.println(7);
        out.println((Object) null);
        out.printf("%05.1f|%s%n", 3.14159, "fmt");
        out.append("ab").append("xyzw", 1, 3).append('!');
        byte[] utf8 = "Ω".getBytes(StandardCharsets.UTF_8);
        out.write(utf8, 0, 1);  // a character split across two raw writes
        out.write(utf8, 1, 1);
        out.write('\n');
        coalescer.flush();
        String nl = System.lineSeparator();
        assertEquals(List.of("stdout:truec121.52.5xynull[3]" + nl + "é ✓ \uD83D\uDE00" + nl + "7" + nl + "null" + nl
                + "003.1|fmt" + nl + "abyz!Ω\n"), sent);
    }

    @Test
    void stdoutAndStderrKeepTheirRelativeOrder() {
        NotebookPrintStream out = new NotebookPrintStream("stdout", coalescer);
        NotebookPrintStream err = new NotebookPrintStream("stderr", coalescer);
        out.println("one");
        err.println("two");
        out.print("three");
        coalescer.flush();
        String nl = System.lineSeparator();
        assertEquals(List.of("stdout:one" + nl, "stderr:two" + nl, "stdout:three"), sent);
    }
}
