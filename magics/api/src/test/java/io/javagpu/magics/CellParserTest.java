package io.javagpu.magics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class CellParserTest {
    @Test
    void plainJavaIsOneCodeSegment() {
        List<CellParser.Segment> segments = CellParser.parse("int x = 5 % 3;\nx %= 2;\nString s = \"a = %s\";");
        assertEquals(1, segments.size());
        assertInstanceOf(CellParser.Code.class, segments.get(0));
    }

    @Test
    void lineMagicsSplitTheCellInOrderWithTheirLines() {
        List<CellParser.Segment> segments = CellParser.parse("int n = 1;\n%time n + 1\nn++;\n%lsmagic");
        assertEquals(4, segments.size());
        assertEquals(new CellParser.Code("int n = 1;\n", 0), segments.get(0));
        assertEquals(new CellParser.LineMagic("time", "n + 1", 1, null), segments.get(1));
        assertEquals(new CellParser.Code("n++;\n", 2), segments.get(2));
        assertEquals(new CellParser.LineMagic("lsmagic", "", 3, null), segments.get(3));
    }

    @Test
    void aMagicAfterAnAssignmentIsAnExpression() {
        CellParser.LineMagic magic = (CellParser.LineMagic) CellParser.parse("var jars = %jars lib/*.jar;").get(0);
        assertEquals("jars", magic.name());
        assertEquals("lib/*.jar", magic.args());
        assertEquals("var jars = ", magic.assignment());
    }

    @Test
    void percentInsideStringsOrCommentsIsNotAMagic() {
        assertEquals(1, CellParser.parse("String f = \"x = %d\";").size());
        assertInstanceOf(CellParser.Code.class, CellParser.parse("// y = %time\nint a = 1;").get(0));
    }

    @Test
    void aCellMagicTakesTheWholeCell() {
        List<CellParser.Segment> segments = CellParser.parse("\n%%time --verbose\nint a = 1;\n%notALineMagicHere");
        assertEquals(List.of(new CellParser.CellMagic("time", "--verbose", "int a = 1;\n%notALineMagicHere")), segments);
    }
}
