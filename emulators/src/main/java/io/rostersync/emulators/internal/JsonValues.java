package io.rostersync.emulators.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Converts between the emulators' stored JSON and the plain Java values their public API speaks: a JSON
 * object is a {@code Map<String, Object>} in member order, an array a {@code List<Object>}, a string a
 * {@code String}, {@code true}/{@code false} a {@code Boolean}, a whole number a {@code Long} (a
 * {@code BigInteger} beyond its range), any other number a {@code Double} (a {@code BigDecimal} if it was
 * stored as one).
 */
public final class JsonValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {
    }

    /**
     * A deep, unmodifiable copy of a JSON object. Members whose value is JSON {@code null}, and null array
     * elements, are left out, so the view holds no nulls.
     */
    public static Map<String, Object> view(JsonNode object) {
        if (!object.isObject()) {
            throw new IllegalArgumentException("not a JSON object: " + object.getNodeType());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            Object value = value(member.getValue());
            if (value != null) {
                out.put(member.getKey(), value);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static @Nullable Object value(JsonNode node) {
        if (node.isObject()) {
            return view(node);
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                Object value = value(element);
                if (value != null) {
                    out.add(value);
                }
            }
            return Collections.unmodifiableList(out);
        }
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isBigDecimal()) {
            return node.decimalValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /**
     * The JSON object for a map of plain Java values (see the class comment; any {@code Number}, any
     * {@code Iterable} and a {@code null} value, stored as JSON {@code null}, are accepted too).
     *
     * @throws IllegalArgumentException if a key is not a string or a value has no JSON form
     */
    public static ObjectNode object(Map<?, ?> map) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<?, ?> member : map.entrySet()) {
            if (!(member.getKey() instanceof String key)) {
                throw new IllegalArgumentException("a JSON object's keys are strings, not " + member.getKey());
            }
            out.set(key, node(member.getValue(), key));
        }
        return out;
    }

    /**
     * The JSON value for a plain Java value.
     *
     * @throws IllegalArgumentException if the value has no JSON form
     */
    public static JsonNode node(@Nullable Object value, String where) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger n) {
            return NODES.numberNode(n);
        }
        if (value instanceof BigDecimal n) {
            return NODES.numberNode(n);
        }
        if (value instanceof Double || value instanceof Float) {
            return NODES.numberNode(((Number) value).doubleValue());
        }
        if (value instanceof Map<?, ?> m) {
            return object(m);
        }
        if (value instanceof Iterable<?> list) {
            ArrayNode out = NODES.arrayNode();
            for (Object element : list) {
                out.add(node(element, where + "[]"));
            }
            return out;
        }
        throw new IllegalArgumentException("the value of " + where + " is a " + value.getClass().getName()
                + ", which has no JSON form: use a String, Boolean, Number, Map, List or null");
    }
}
