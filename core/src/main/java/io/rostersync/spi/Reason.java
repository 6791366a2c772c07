package io.rostersync.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One reason the engine gives for an action or a conflict: a {@link ReasonCode} and the values of its
 * parameters. A host shows it in its own words with a {@link ReasonExplainer}; the English one is
 * {@link ReasonExplainer#english()}.
 *
 * @param code       what happened
 * @param parameters the values, keyed by exactly the code's {@link ReasonCode#parameters()}, in that order;
 *                   immutable
 * @since 0.2.0
 */
public record Reason(ReasonCode code, Map<String, String> parameters) {

    /**
     * Checks the parameters are exactly the code's and copies them in the code's order.
     *
     * @param code       what happened
     * @param parameters the values, keyed by exactly the code's parameters
     * @throws InvalidReasonException if a parameter is missing or unknown, a value is null, or a list
     *                                parameter's value is not a list made by {@link #listOf}
     * @throws NullPointerException if the code or the map is null
     */
    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(parameters, "parameters");
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (!code.parameters().contains(e.getKey())) {
                throw new InvalidReasonException(code, String.valueOf(e.getKey()), "is not one of its parameters");
            }
            if (e.getValue() == null) {
                throw new InvalidReasonException(code, e.getKey(), "is null");
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String name : code.parameters()) {
            String value = parameters.get(name);
            if (value == null) {
                throw new InvalidReasonException(code, name, "is missing");
            }
            if (code.listParameters().contains(name) && !isList(value)) {
                throw new InvalidReasonException(code, name, "is not a list (see Reason.listOf)");
            }
            ordered.put(name, value);
        }
        parameters = Collections.unmodifiableMap(ordered);
    }

    /**
     * A reason from its code and alternating parameter names and values: {@code Reason.of(MATCHED_BY,
     * "via", "email")}.
     *
     * @param code           what happened
     * @param namesAndValues name, value, name, value...; exactly the code's parameters
     * @return the reason
     * @throws InvalidReasonException if a name or value is missing, unknown or null, or a name is given twice
     */
    public static Reason of(ReasonCode code, String... namesAndValues) {
        Objects.requireNonNull(code, "code");
        if (namesAndValues.length % 2 != 0) {
            throw new InvalidReasonException(code, String.valueOf(namesAndValues[namesAndValues.length - 1]),
                    "has no value");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            if (name == null) {
                throw new InvalidReasonException(code, "null", "is not one of its parameters");
            }
            if (values.containsKey(name)) {
                throw new InvalidReasonException(code, name, "is given twice");
            }
            values.put(name, namesAndValues[i + 1]);
        }
        return new Reason(code, values);
    }

    /**
     * The value of one parameter.
     *
     * @param name one of the code's parameters
     * @return its value
     * @throws InvalidReasonException if the code has no such parameter
     */
    public String parameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new InvalidReasonException(code, name, "is not one of its parameters");
        }
        return value;
    }

    /**
     * The values of a parameter that holds a list (see each {@link ReasonCode}'s description).
     *
     * @param name one of the code's {@link ReasonCode#listParameters()}
     * @return the values, in order; immutable
     * @throws InvalidReasonException if the code has no such list parameter
     */
    public List<String> list(String name) {
        if (!code.listParameters().contains(name)) {
            throw new InvalidReasonException(code, name, "is not one of its list parameters");
        }
        return decode(parameter(name));
    }

    /**
     * The text of a list parameter holding {@code values}: each value (with {@code \} written {@code \\} and a
     * line break written {@code \n}) followed by a line break, so no list is mistaken for another.
     *
     * @param values the values, in order; each is shown with {@code toString()}
     * @return the text; empty for no values
     * @throws NullPointerException if a value is null
     */
    public static String listOf(Collection<?> values) {
        StringBuilder out = new StringBuilder();
        for (Object v : values) {
            String s = Objects.requireNonNull(v, "a list value").toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    out.append("\\\\");
                } else if (c == '\n') {
                    out.append("\\n");
                } else {
                    out.append(c);
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static boolean isList(String text) {
        try {
            decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> decode(String text) {
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                values.add(value.toString());
                value.setLength(0);
            } else if (c == '\\') {
                char next = i + 1 < text.length() ? text.charAt(++i) : ' ';
                if (next != '\\' && next != 'n') {
                    throw new IllegalArgumentException("a list parameter has a stray backslash at " + (i - 1));
                }
                value.append(next == 'n' ? '\n' : '\\');
            } else {
                value.append(c);
            }
        }
        if (value.length() > 0) {
            throw new IllegalArgumentException("a list parameter must end each value with a line break");
        }
        return List.copyOf(values);
    }
}
