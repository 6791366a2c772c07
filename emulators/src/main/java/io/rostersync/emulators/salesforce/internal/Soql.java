package io.rostersync.emulators.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The small part of SOQL the emulator understands: {@code SELECT f, …[, (SELECT f, … FROM Children
 * [WHERE …])] FROM Object [WHERE cond AND …] [ORDER BY f [DESC], …] [LIMIT n]}, where a condition is {@code path op literal} or {@code path IN (…)}
 * and a path, selected or compared, may follow one lookup ({@code PermissionSet.IsOwnedByProfile}). Anything else is refused with
 * {@code MALFORMED_QUERY}, which is what the real API answers for queries it cannot parse. Also evaluates a
 * parsed query's conditions and order on the org's rows.
 */
final class Soql {

    /** The literal {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    record Condition(String path, String op, Object value) {
    }

    record Order(String path, boolean descending) {
    }

    record Query(List<String> fields, String object, List<Condition> where, List<Order> orderBy, OptionalInt limit,
                 List<Subquery> subqueries) {
    }

    /** A parent-to-child subquery in the SELECT list: {@code (SELECT f, … FROM ChildRelationship [WHERE …])}. */
    record Subquery(String relationship, List<String> fields, List<Condition> where) {
    }

    static final class MalformedQueryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedQueryException(String message) {
            super(message);
        }
    }

    private final List<String> tokens;
    private int pos;

    private Soql(List<String> tokens) {
        this.tokens = tokens;
    }

    static Query parse(String soql) {
        return new Soql(tokenize(soql)).query();
    }

    private Query query() {
        expectKeyword("SELECT");
        List<String> fields = new ArrayList<>();
        List<Subquery> subqueries = new ArrayList<>();
        do {
            if (accept("(")) {
                subqueries.add(subquery());
            } else {
                fields.add(identifier());
            }
        } while (accept(","));
        expectKeyword("FROM");
        String object = identifier();
        List<Condition> where = new ArrayList<>();
        if (acceptKeyword("WHERE")) {
            do {
                where.add(condition());
            } while (acceptKeyword("AND"));
        }
        List<Order> order = new ArrayList<>();
        if (acceptKeyword("ORDER")) {
            expectKeyword("BY");
            do {
                String path = identifier();
                boolean desc = acceptKeyword("DESC");
                if (!desc) {
                    acceptKeyword("ASC");
                }
                order.add(new Order(path, desc));
            } while (accept(","));
        }
        OptionalInt limit = OptionalInt.empty();
        if (acceptKeyword("LIMIT")) {
            String n = next();
            try {
                limit = OptionalInt.of(Integer.parseInt(n));
            } catch (NumberFormatException e) {
                throw new MalformedQueryException("LIMIT needs a number, got '" + n + "'");
            }
        }
        if (pos != tokens.size()) {
            throw new MalformedQueryException("unexpected token '" + tokens.get(pos) + "'");
        }
        return new Query(List.copyOf(fields), object, List.copyOf(where), List.copyOf(order), limit, List.copyOf(subqueries));
    }

    /** After the opening parenthesis; one level only, as in SOQL. */
    private Subquery subquery() {
        expectKeyword("SELECT");
        List<String> fields = new ArrayList<>();
        do {
            if (accept("(")) {
                throw new MalformedQueryException("a subquery cannot contain another subquery");
            }
            fields.add(identifier());
        } while (accept(","));
        expectKeyword("FROM");
        String relationship = identifier();
        List<Condition> where = new ArrayList<>();
        if (acceptKeyword("WHERE")) {
            do {
                where.add(condition());
            } while (acceptKeyword("AND"));
        }
        expect(")");
        return new Subquery(relationship, List.copyOf(fields), List.copyOf(where));
    }

    private Condition condition() {
        String path = identifier();
        if (acceptKeyword("IN")) {
            expect("(");
            List<Object> values = new ArrayList<>();
            do {
                values.add(literal(next()));
            } while (accept(","));
            expect(")");
            return new Condition(path, "IN", List.copyOf(values));
        }
        String op = next();
        if (!List.of("=", "!=", ">", ">=", "<", "<=").contains(op)) {
            throw new MalformedQueryException("unknown operator '" + op + "'");
        }
        return new Condition(path, op, literal(next()));
    }

    private static Object literal(String token) {
        if (token.startsWith("'")) {
            return token.substring(1);
        }
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.equals("null")) {
            return NULL;
        }
        if (lower.equals("true") || lower.equals("false")) {
            return Boolean.valueOf(lower);
        }
        if (token.matches("-?\\d{1,18}")) {
            return Long.parseLong(token);
        }
        Optional<Instant> at = datetime(token);
        if (at.isPresent()) {
            return at.get();
        }
        throw new MalformedQueryException("unknown literal '" + token + "'");
    }

    /** Parses a SOQL/REST datetime: {@code 2024-05-01T10:00:00Z}, {@code …00.000+0000}, {@code …+00:00}. */
    static Optional<Instant> datetime(String text) {
        String t = text;
        if (t.matches(".*[+-]\\d{4}$")) {
            t = t.substring(0, t.length() - 2) + ":" + t.substring(t.length() - 2);
        }
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private String identifier() {
        String t = next();
        if (!t.matches("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)?")) {
            throw new MalformedQueryException("expected a field or object name, got '" + t + "'");
        }
        return t;
    }

    private String next() {
        if (pos >= tokens.size()) {
            throw new MalformedQueryException("unexpected end of query");
        }
        return tokens.get(pos++);
    }

    private boolean accept(String symbol) {
        if (pos < tokens.size() && tokens.get(pos).equals(symbol)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!accept(symbol)) {
            throw new MalformedQueryException("expected '" + symbol + "'");
        }
    }

    private boolean acceptKeyword(String word) {
        if (pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String word) {
        if (!acceptKeyword(word)) {
            throw new MalformedQueryException("expected " + word);
        }
    }

    /** Splits a query into words, symbols and string literals (kept with a leading quote, unescaped). */
    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder sb = new StringBuilder("'");
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char d = s.charAt(i);
                    if (d == '\\' && i + 1 < s.length()) {
                        sb.append(s.charAt(i + 1));
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new MalformedQueryException("unterminated string literal");
                }
                out.add(sb.toString());
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '=' ) {
                out.add("=");
                i++;
            } else if (c == '!' || c == '<' || c == '>') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '=') {
                    out.add(c + "=");
                    i += 2;
                } else if (c == '!') {
                    throw new MalformedQueryException("'!' must be followed by '='");
                } else {
                    out.add(String.valueOf(c));
                    i++;
                }
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "(),=!<>'".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    // ---- evaluation --------------------------------------------------------------------------------

    /** Whether every condition holds, reading a path of the row through {@code value}. */
    static boolean matches(List<Condition> where, Function<String, JsonNode> value) {
        for (Condition c : where) {
            JsonNode actual = value.apply(c.path());
            boolean ok;
            switch (c.op()) {
                case "IN":
                    ok = false;
                    for (Object v : (List<?>) c.value()) {
                        if (compareTo(actual, v) == 0) {
                            ok = true;
                            break;
                        }
                    }
                    break;
                case "=":
                    ok = compareTo(actual, c.value()) == 0;
                    break;
                case "!=":
                    ok = compareTo(actual, c.value()) != 0;
                    break;
                case ">":
                    ok = comparable(actual, c.value()) && compareTo(actual, c.value()) > 0;
                    break;
                case ">=":
                    ok = comparable(actual, c.value()) && compareTo(actual, c.value()) >= 0;
                    break;
                case "<":
                    ok = comparable(actual, c.value()) && compareTo(actual, c.value()) < 0;
                    break;
                case "<=":
                    ok = comparable(actual, c.value()) && compareTo(actual, c.value()) <= 0;
                    break;
                default:
                    throw new MalformedQueryException("unknown operator " + c.op());
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean comparable(JsonNode actual, Object literal) {
        return !(actual.isNull() || actual.isMissingNode()) && literal != NULL;
    }

    private static int compareTo(JsonNode actual, Object literal) {
        boolean actualNull = actual.isNull() || actual.isMissingNode();
        if (literal == NULL) {
            return actualNull ? 0 : 1;
        }
        if (actualNull) {
            return -1;
        }
        if (literal instanceof Boolean b) {
            return actual.isBoolean() && actual.asBoolean() == b ? 0 : 1;
        }
        if (literal instanceof Long n) {
            return Long.compare(actual.asLong(), n);
        }
        if (literal instanceof Instant at) {
            return datetime(actual.asText()).map(a -> a.compareTo(at)).orElse(1);
        }
        // SOQL compares text case-insensitively.
        return actual.asText().compareToIgnoreCase((String) literal);
    }

    /** ORDER BY's order of two field values: nulls first, numbers by value, datetimes by instant, else text. */
    static int compareValues(JsonNode a, JsonNode b) {
        boolean an = a.isNull() || a.isMissingNode();
        boolean bn = b.isNull() || b.isMissingNode();
        if (an || bn) {
            return Boolean.compare(!an, !bn);
        }
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.asDouble(), b.asDouble());
        }
        Optional<Instant> da = datetime(a.asText());
        Optional<Instant> db = datetime(b.asText());
        if (da.isPresent() && db.isPresent()) {
            return da.get().compareTo(db.get());
        }
        return a.asText().compareTo(b.asText());
    }
}
