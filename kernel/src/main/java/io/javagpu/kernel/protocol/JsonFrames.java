package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON frames to Jackson trees and back with Jackson's streaming parser and generator. Messages need nothing more,
 * and an ObjectMapper, whose construction initialises some 600 classes (~150 ms on a small machine), would sit on
 * the path to the kernel's first reply. The mapper is built lazily for what does need it ({@link #mapper()}).
 */
public final class JsonFrames {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonFrames() {
    }

    /** Jackson's mapper, built on first use: object-to-tree conversion of values {@link #tree} does not know. */
    public static ObjectMapper mapper() {
        return MapperHolder.MAPPER;
    }

    /**
     * A display value as the tree the mapper makes of it. Maps with text keys, collections, arrays, text, numbers,
     * booleans and null, all that charts, tables and metadata hold, are converted here; anything else (a user's
     * object) through the mapper, so that a notebook's first chart or {@code %gpu info} does not build it.
     */
    public static JsonNode tree(Object value) {
        if (value == null) return NODES.nullNode();
        if (value instanceof JsonNode node) return node;
        if (value instanceof String || value instanceof Character) return NODES.textNode(value.toString());
        if (value instanceof Boolean flag) return NODES.booleanNode(flag);
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).intValue());
        }
        if (value instanceof Long number) return NODES.numberNode(number);
        if (value instanceof Double number) return NODES.numberNode(number);
        if (value instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, item) -> object.set((String) key, tree(item)));
            return object;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode(items.size());
            for (Object item : items) array.add(tree(item));
            return array;
        }
        // char[] is text and byte[] base64 to the mapper
        if (value.getClass().isArray() && !(value instanceof char[]) && !(value instanceof byte[])) {
            int length = Array.getLength(value);
            ArrayNode array = NODES.arrayNode(length);
            for (int i = 0; i < length; i++) array.add(tree(Array.get(value, i)));
            return array;
        }
        return mapper().valueToTree(value);
    }

    private static final class MapperHolder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The tree in one frame; null for an empty frame. Trailing content after the value is an error. */
    public static JsonNode read(byte[] frame) throws IOException {
        try (JsonParser parser = FACTORY.createParser(frame)) {
            JsonToken first = parser.nextToken();
            if (first == null) return null;
            JsonNode node = read(parser, first);
            if (parser.nextToken() != null) throw new JsonParseException(parser, "content after the JSON value");
            return node;
        }
    }

    private static JsonNode read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    object.set(name, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    array.add(read(parser, item));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(parser, "unexpected " + token);
        }
    }

    /** The tree as compact UTF-8 JSON. */
    public static byte[] write(JsonNode node) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, node);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator out, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                out.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    out.writeFieldName(field.getKey());
                    write(out, field.getValue());
                }
                out.writeEndObject();
                break;
            case ARRAY:
                out.writeStartArray();
                for (JsonNode item : node) write(out, item);
                out.writeEndArray();
                break;
            case STRING:
                out.writeString(node.textValue());
                break;
            case NUMBER:
                writeNumber(out, node);
                break;
            case BOOLEAN:
                out.writeBoolean(node.booleanValue());
                break;
            case BINARY:
                out.writeBinary(node.binaryValue());
                break;
            case POJO:
                out.writeRawValue(mapper().writeValueAsString(((POJONode) node).getPojo()));
                break;
            default:
                out.writeNull();
        }
    }

    private static void writeNumber(JsonGenerator out, JsonNode number) throws IOException {
        switch (number.numberType()) {
            case INT:
                out.writeNumber(number.intValue());
                break;
            case LONG:
                out.writeNumber(number.longValue());
                break;
            case BIG_INTEGER:
                out.writeNumber(number.bigIntegerValue());
                break;
            case FLOAT:
                out.writeNumber(number.floatValue());
                break;
            case BIG_DECIMAL:
                out.writeNumber(number.decimalValue());
                break;
            default:
                out.writeNumber(number.doubleValue());
        }
    }
}
