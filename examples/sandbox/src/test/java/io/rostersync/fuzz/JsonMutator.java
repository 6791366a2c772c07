package io.rostersync.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of JSON bodies: structural ones on the parsed tree (missing fields, nulls, wrong
 * types, huge numbers, deep nesting, duplicated keys, emptied arrays) and textual ones on the bytes
 * (deleted or inserted characters, truncation). Every mutation is a pure function of the
 * {@link Random} given, so a failing case is replayed from its seed.
 */
final class JsonMutator {

    /** The mutation classes, for the outcome table. */
    enum Kind {
        DELETE_FIELD, NULL_VALUE, WRONG_TYPE, HUGE_NUMBER, DEEP_NESTING, DUPLICATE_KEY, EMPTY_CONTAINER, LONG_STRING,
        DELETE_CHARS, INSERT_CHARS, TRUNCATE, UNCHANGED
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String NOISE = "{}[]\":,.-+0123456789eEtrufalsn \\\u0000\u00ff\ud83d\ude00ab/";

    private JsonMutator() {
    }

    record Mutation(Kind kind, String body) {
    }

    static Mutation mutate(String seed, Random random) {
        Kind[] kinds = Kind.values();
        Kind kind = kinds[random.nextInt(kinds.length)];
        return new Mutation(kind, apply(kind, seed, random));
    }

    private static String apply(Kind kind, String seed, Random random) {
        switch (kind) {
            case DELETE_CHARS: {
                StringBuilder b = new StringBuilder(seed);
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n && b.length() > 0; i++) {
                    int at = random.nextInt(b.length());
                    b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(3)));
                }
                return b.toString();
            }
            case INSERT_CHARS: {
                StringBuilder b = new StringBuilder(seed);
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.insert(random.nextInt(b.length() + 1), NOISE.charAt(random.nextInt(NOISE.length())));
                }
                return b.toString();
            }
            case TRUNCATE:
                return seed.substring(0, random.nextInt(seed.length() + 1));
            case UNCHANGED:
                return seed;
            default:
                return structural(kind, seed, random);
        }
    }

    private static String structural(Kind kind, String seed, Random random) {
        JsonNode root;
        try {
            root = MAPPER.readTree(seed);
        } catch (Exception e) {
            return seed; // a seed that is not JSON stays as it is
        }
        if (root == null) {
            return seed;
        }
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            return seed;
        }
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            Slot slot = slots.get(random.nextInt(slots.size()));
            edit(kind, slot, random);
        }
        return root.toString();
    }

    /** A place in the tree a value can be replaced: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index) {
        void set(JsonNode value) {
            if (parent instanceof ObjectNode o) {
                o.set(field, value);
            } else if (parent instanceof ArrayNode a && index < a.size()) {
                a.set(index, value);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(field);
            } else if (parent instanceof ArrayNode a && index < a.size()) {
                a.remove(index);
            }
        }

        JsonNode value() {
            return parent instanceof ObjectNode o ? o.path(field) : parent.path(index);
        }
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                slots.add(new Slot(o, name, -1));
                collect(o.get(name), slots);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Slot(a, "", i));
                collect(a.get(i), slots);
            }
        }
    }

    private static void edit(Kind kind, Slot slot, Random random) {
        switch (kind) {
            case DELETE_FIELD:
                slot.remove();
                break;
            case NULL_VALUE:
                slot.set(NODES.nullNode());
                break;
            case WRONG_TYPE:
                slot.set(wrongType(slot.value(), random));
                break;
            case HUGE_NUMBER:
                slot.set(hugeNumber(random));
                break;
            case DEEP_NESTING: {
                int depth = random.nextBoolean() ? 50 + random.nextInt(200) : 1001 + random.nextInt(500);
                StringBuilder b = new StringBuilder();
                b.append("[".repeat(depth)).append(slot.value().toString()).append("]".repeat(depth));
                slot.set(NODES.rawValueNode(new RawValue(b.toString())));
                break;
            }
            case DUPLICATE_KEY:
                if (slot.parent() instanceof ObjectNode o) {
                    // "f": original, "f": other -- Jackson keeps the last one; the provider must cope with either.
                    String other = wrongType(slot.value(), random).toString();
                    String original = slot.value().toString();
                    String raw = random.nextBoolean()
                            ? original + "," + quoted(slot.field()) + ":" + other
                            : other + "," + quoted(slot.field()) + ":" + original;
                    o.set(slot.field(), NODES.rawValueNode(new RawValue(raw)));
                } else {
                    slot.set(slot.value().deepCopy());
                }
                break;
            case EMPTY_CONTAINER:
                slot.set(random.nextBoolean() ? NODES.arrayNode() : NODES.objectNode());
                break;
            case LONG_STRING:
                slot.set(NODES.textNode("x".repeat(2_000 + random.nextInt(40_000))));
                break;
            default:
                break;
        }
    }

    private static String quoted(String field) {
        return NODES.textNode(field).toString();
    }

    private static JsonNode wrongType(JsonNode current, Random random) {
        switch (random.nextInt(8)) {
            case 0:
                return current.isTextual() ? NODES.numberNode(random.nextInt()) : NODES.textNode("not-" + current.getNodeType());
            case 1:
                return NODES.booleanNode(random.nextBoolean());
            case 2: {
                ArrayNode a = NODES.arrayNode();
                a.add(current.deepCopy());
                return a;
            }
            case 3: {
                ObjectNode o = NODES.objectNode();
                o.set("value", current.deepCopy());
                return o;
            }
            case 4:
                return NODES.numberNode(random.nextDouble() * 1e6);
            case 5:
                return NODES.textNode("");
            case 6:
                return NODES.textNode(garbage(random));
            default:
                return NODES.numberNode(-1);
        }
    }

    private static JsonNode hugeNumber(Random random) {
        switch (random.nextInt(5)) {
            case 0:
                return NODES.rawValueNode(new RawValue("1e400"));
            case 1:
                return NODES.rawValueNode(new RawValue("-9".repeat(1) + "9".repeat(40)));
            case 2:
                return NODES.numberNode(Long.MAX_VALUE);
            case 3:
                return NODES.rawValueNode(new RawValue("1" + "0".repeat(1200)));
            default:
                return NODES.numberNode(Double.MAX_VALUE);
        }
    }

    private static String garbage(Random random) {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(20);
        for (int i = 0; i < n; i++) {
            b.append(NOISE.charAt(random.nextInt(NOISE.length())));
        }
        return b.toString();
    }
}
