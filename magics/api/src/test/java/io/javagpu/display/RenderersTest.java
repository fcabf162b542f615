package io.javagpu.display;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderersTest {
    interface Shape {
    }

    static class Base implements Shape {
    }

    static class Derived extends Base {
    }

    static final class Leaf extends Derived implements Comparable<Leaf> {
        @Override
        public int compareTo(Leaf o) {
            return 0;
        }
    }

    record Point(int x, int y) {
    }

    @AfterEach
    void unregister() {
        for (Class<?> type : List.of(Shape.class, Base.class, Derived.class, Comparable.class)) Renderers.unregister(type);
    }

    private static String html(Object value) {
        return (String) Renderers.render(value).data().get("text/html");
    }

    @Test
    void interfaceRendererAppliesToImplementations() {
        Renderers.register(Shape.class, shape -> new MimeBundle().with("text/html", "shape"));
        assertEquals("shape", html(new Base()));
        assertEquals("shape", html(new Leaf()));
        assertTrue(Renderers.hasRichRenderer(new Derived()));
    }

    @Test
    void mostSpecificClassWins() {
        Renderers.register(Shape.class, shape -> new MimeBundle().with("text/html", "shape"));
        Renderers.register(Base.class, base -> new MimeBundle().with("text/html", "base"));
        Renderers.register(Derived.class, derived -> new MimeBundle().with("text/html", "derived"));
        assertEquals("base", html(new Base()));
        assertEquals("derived", html(new Derived()));
        assertEquals("derived", html(new Leaf()));
    }

    @Test
    void nearerInterfaceBeatsFartherSuperclass() {
        Renderers.register(Base.class, base -> new MimeBundle().with("text/html", "base"));
        Renderers.register(Comparable.class, c -> new MimeBundle().with("text/html", "comparable"));
        assertEquals("comparable", html(new Leaf()));
    }

    @Test
    void aRendererReturningNullPassesToTheNextOne() {
        Renderers.register(Shape.class, shape -> new MimeBundle().with("text/html", "shape"));
        Renderers.register(Derived.class, derived -> null);
        assertEquals("shape", html(new Leaf()));
    }

    @Test
    void fallbackIsStringValueOf() {
        MimeBundle bundle = Renderers.render(new StringBuilder("plain"));
        assertEquals(Map.of("text/plain", "plain"), bundle.data());
        assertEquals(Map.of("text/plain", "null"), Renderers.render(null).data());
        assertFalse(Renderers.hasRichRenderer("text"));
        assertFalse(Renderers.hasRichRenderer(List.of(1, 2)));
    }

    @Test
    void richBundlesAlwaysCarryTextPlain() {
        Renderers.register(Base.class, base -> new MimeBundle().with("text/html", "<b>base</b>"));
        assertTrue(Renderers.render(new Base()).data().containsKey("text/plain"));
    }

    @Test
    void listsOfRecordsAndMapsBecomeTables() {
        MimeBundle records = Renderers.render(List.of(new Point(1, 2), new Point(3, 4)));
        assertTrue(((String) records.data().get("text/html")).contains(">x</th>"));
        assertEquals(List.of(List.of(1, 2), List.of(3, 4)), ((Map<?, ?>) records.data().get("application/json")).get("rows"));
        MimeBundle maps = Renderers.render(List.of(Map.of("k", "v")));
        assertTrue(((String) maps.data().get("text/plain")).contains("k"));
        assertTrue(maps.data().containsKey("application/json"));
    }

    @Test
    void twoDimensionalArraysBecomeTables() {
        for (Object array : List.of(new double[][] {{1.5}}, new int[][] {{1}}, new long[][] {{1}}, new String[][] {{"a<"}}, new Object[][] {{1}})) {
            MimeBundle bundle = Renderers.render(array);
            assertTrue(bundle.data().containsKey("application/json"), array.getClass().getSimpleName());
        }
        assertTrue(html(new String[][] {{"a<"}}).contains("a&lt;"));
        assertFalse(Renderers.hasRichRenderer(new int[] {1, 2}));
    }

    @Test
    void imagesBecomePng() throws Exception {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        MimeBundle bundle = Renderers.render(image);
        byte[] png = Base64.getDecoder().decode((String) bundle.data().get("image/png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertEquals("<image 3x2>", bundle.data().get("text/plain"));
    }

    @Test
    void mimeBundlesRenderAsThemselves() {
        MimeBundle bundle = new MimeBundle().with("text/html", "x").with("text/plain", "x");
        assertTrue(Renderers.render(bundle) == bundle);
    }

    @Test
    void lookupOrderPutsObjectLast() {
        List<Class<?>> order = Renderers.lookupOrder(Leaf.class);
        assertEquals(Leaf.class, order.get(0));
        assertEquals(Object.class, order.get(order.size() - 1));
        assertTrue(order.indexOf(Derived.class) < order.indexOf(Base.class));
        assertTrue(order.indexOf(Base.class) < order.indexOf(Shape.class));
        assertTrue(Renderers.lookupOrder(String[][].class).contains(Object[][].class));
    }
}
