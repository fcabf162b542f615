package io.javagpu.magics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShellWordsTest {
    @Test
    void splitsOnWhitespaceAndHonoursQuotes() throws Exception {
        assertEquals(List.of("a", "b c", "d e", "f'g"), ShellWords.split("  a \"b c\"  'd e' \"f'g\" "));
        assertEquals(List.of("x y", "z\"q"), ShellWords.split("x\\ y z\\\"q"));
        assertEquals(List.of("a\\b"), ShellWords.split("'a\\b'"));
        assertEquals(List.of("pre-quoted-post"), ShellWords.split("pre-'quoted'-post"));
        assertEquals(List.of(""), ShellWords.split("''"));
        assertEquals(List.of(), ShellWords.split("   "));
    }

    @Test
    void wordsRememberWhereTheyStart() throws Exception {
        List<ShellWords.Word> words = ShellWords.words("-n 10 \"abc\".length()");
        assertEquals(List.of(0, 3, 6), words.stream().map(ShellWords.Word::start).toList());
        assertEquals("abc.length()", words.get(2).text());
    }

    @Test
    void unbalancedQuotesAreAnError() {
        MagicException problem = assertThrows(MagicException.class, () -> ShellWords.split("a \"b"));
        assertEquals("Unbalanced \" quote in: a \"b", problem.getMessage());
    }
}
