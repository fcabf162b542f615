package io.javagpu.display;

import java.awt.image.RenderedImage;
import java.util.List;
import java.util.Map;

/** The renderers every notebook starts with. */
final class BuiltinRenderers {
    private BuiltinRenderers() {
    }

    static void registerAll() {
        Renderers.register(Table.class, Table::toBundle);
        Renderers.register(List.class, BuiltinRenderers::listAsTable);
        for (Class<?> type : List.of(double[][].class, float[][].class, long[][].class, int[][].class,
                short[][].class, byte[][].class, boolean[][].class, char[][].class, Object[][].class)) {
            Renderers.register(type, array -> Table.ofArray(array).toBundle());
        }
        Renderers.register(RenderedImage.class, image -> Images.png(image));
    }

    /** A List of records of one class, or of Maps, as a table; any other list passes (null). */
    private static MimeBundle listAsTable(List<?> list) {
        if (list.isEmpty()) return null;
        Object first = list.get(0);
        if (first instanceof Record) {
            for (Object element : list) if (element == null || element.getClass() != first.getClass()) return null;
            @SuppressWarnings("unchecked") List<? extends Record> records = (List<? extends Record>) list;
            return Table.ofRecords(records).toBundle();
        }
        if (first instanceof Map) {
            for (Object element : list) if (!(element instanceof Map)) return null;
            @SuppressWarnings("unchecked") List<? extends Map<?, ?>> maps = (List<? extends Map<?, ?>>) list;
            return Table.ofMaps(maps).toBundle();
        }
        return null;
    }
}
