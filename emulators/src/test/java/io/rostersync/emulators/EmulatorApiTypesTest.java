package io.rostersync.emulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.scim.ScimEmulator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * The emulators' API speaks our own types and the JDK's only: no Jackson, OkHttp, Okio or MockWebServer type
 * appears in a public or protected signature (supertypes, constructors, methods, fields, type parameters)
 * of a public class outside the {@code internal} package, so the JSON and HTTP libraries stay an internal
 * choice.
 */
class EmulatorApiTypesTest {

    private static final List<String> FOREIGN = List.of("com.fasterxml.", "okhttp3.", "okio.", "mockwebserver3.");
    private static final String ROOT = "io.rostersync.emulators";

    @Test
    void noPublicSignatureOfAnEmulatorMentionsJacksonOrOkHttp() {
        List<Class<?>> api = publicApiClasses();

        assertThat(api).as("the scan finds the emulators' API")
                .contains(Emulator.class, Route.class, Fault.class, Fault.Status.class, FaultPlan.class, io.rostersync.emulators.RecordedRequest.class,
                        EmulatorExtension.class, ScimEmulator.class, ScimEmulator.Builder.class, TalkdeskEmulator.class,
                        ZendeskEmulator.class, ZendeskEmulator.Builder.class, SalesforceEmulator.class);
        assertThat(api.stream().flatMap(c -> leaks(c).stream()).toList()).isEmpty();
    }

    @Test
    void theCheckFindsEveryKindOfLeak() {
        assertThat(leaks(Leaky.class)).containsExactlyInAnyOrder(
                "Leaky extends mockwebserver3.Dispatcher",
                "Leaky implements java.util.function.Predicate<com.fasterxml.jackson.databind.JsonNode>",
                "Leaky field url: okhttp3.HttpUrl",
                "Leaky constructor parameter: java.util.Optional<com.fasterxml.jackson.databind.node.ObjectNode>",
                "Leaky.dispatch returns mockwebserver3.MockResponse",
                "Leaky.dispatch parameter: mockwebserver3.RecordedRequest",
                "Leaky.nodes returns java.util.List<? extends com.fasterxml.jackson.databind.JsonNode>",
                "Leaky.bounded type parameter: T extends com.fasterxml.jackson.databind.JsonNode",
                "Leaky.bounded parameter: T",
                "Leaky.fails throws com.fasterxml.jackson.core.JsonProcessingException",
                "Leaky.arrays parameter: java.util.Map<java.lang.String, okhttp3.HttpUrl>[]");
        assertThat(leaks(Clean.class)).isEmpty();
    }

    /** Every problem of one class, one line each; an empty list if it speaks only allowed types. */
    private static List<String> leaks(Class<?> c) {
        String name = c.getSimpleName();
        List<String> out = new ArrayList<>();
        if (c.getGenericSuperclass() != null && foreign(c.getGenericSuperclass())) {
            out.add(name + " extends " + c.getGenericSuperclass().getTypeName());
        }
        for (Type t : c.getGenericInterfaces()) {
            if (foreign(t)) {
                out.add(name + " implements " + t.getTypeName());
            }
        }
        for (TypeVariable<?> v : c.getTypeParameters()) {
            if (foreign(v)) {
                out.add(name + " type parameter: " + describe(v));
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (visible(f.getModifiers()) && !f.isSynthetic() && foreign(f.getGenericType())) {
                out.add(name + " field " + f.getName() + ": " + f.getGenericType().getTypeName());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers()) && !k.isSynthetic()) {
                signature(k, name + " constructor", out);
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                if (foreign(m.getGenericReturnType())) {
                    out.add(name + "." + m.getName() + " returns " + m.getGenericReturnType().getTypeName());
                }
                signature(m, name + "." + m.getName(), out);
            }
        }
        return out;
    }

    private static void signature(Executable e, String where, List<String> out) {
        for (TypeVariable<?> v : e.getTypeParameters()) {
            if (foreign(v)) {
                out.add(where + " type parameter: " + describe(v));
            }
        }
        for (Type t : e.getGenericParameterTypes()) {
            if (foreign(t)) {
                out.add(where + " parameter: " + t.getTypeName());
            }
        }
        for (Type t : e.getGenericExceptionTypes()) {
            if (foreign(t)) {
                out.add(where + " throws " + t.getTypeName());
            }
        }
    }

    private static String describe(TypeVariable<?> v) {
        return v.getName() + " extends " + String.join(" & ", Stream.of(v.getBounds()).map(Type::getTypeName).toList());
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static boolean foreign(Type t) {
        return foreign(t, new HashSet<>());
    }

    private static boolean foreign(Type t, Set<TypeVariable<?>> seen) {
        if (t instanceof Class<?> c) {
            if (c.isArray()) {
                return foreign(c.getComponentType(), seen);
            }
            return FOREIGN.stream().anyMatch(c.getName()::startsWith);
        }
        if (t instanceof ParameterizedType p) {
            return foreign(p.getRawType(), seen) || (p.getOwnerType() != null && foreign(p.getOwnerType(), seen))
                    || Stream.of(p.getActualTypeArguments()).anyMatch(a -> foreign(a, seen));
        }
        if (t instanceof WildcardType w) {
            return Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).anyMatch(b -> foreign(b, seen));
        }
        if (t instanceof GenericArrayType a) {
            return foreign(a.getGenericComponentType(), seen);
        }
        if (t instanceof TypeVariable<?> v) {
            return seen.add(v) && Stream.of(v.getBounds()).anyMatch(b -> foreign(b, seen));
        }
        return false;
    }

    /** The public classes, nested ones included, of every package under {@value #ROOT} but the internal one. */
    private static List<Class<?>> publicApiClasses() {
        Path classes;
        try {
            classes = Path.of(ScimEmulator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path root = classes.resolve(ROOT.replace('.', '/'));
        assertThat(root).as("the emulators' classes are a directory in this build").isDirectory();
        Predicate<String> api = n -> !n.startsWith(ROOT + ".internal.") && !n.contains(".internal.");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String rel = classes.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
                String name = rel.substring(0, rel.length() - ".class".length());
                if (name.endsWith("package-info") || !api.test(name)) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, EmulatorApiTypesTest.class.getClassLoader());
                if (reachable(c)) {
                    out.add(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Public, and so are all the classes it is nested in. */
    private static boolean reachable(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    // ---- fixtures: one leak of every kind, and the same shapes without one -----------------------------

    /** Leaks a foreign type in every place the check looks at. */
    public abstract static class Leaky extends Dispatcher implements Predicate<JsonNode> {
        public HttpUrl url = HttpUrl.get("http://127.0.0.1/");
        private ObjectNode hiddenField;

        public Leaky(Optional<ObjectNode> seed) {
            this.hiddenField = seed.orElseThrow();
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().build();
        }

        public List<? extends JsonNode> nodes() {
            return List.of(hiddenField);
        }

        public <T extends JsonNode> void bounded(T node) {
        }

        public void fails() throws JsonProcessingException {
        }

        protected void arrays(Map<String, HttpUrl>[] urls) {
        }

        void packagePrivateIsNotApi(ObjectNode node) {
        }

        private ObjectNode privateIsNotApi() {
            return hiddenField;
        }
    }

    /** Speaks JDK and own types only, with foreign types kept private. */
    public static final class Clean implements Predicate<Map<String, Object>> {
        private final ObjectNode node;

        public Clean(Map<String, Object> seed) {
            this.node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }

        @Override
        public boolean test(Map<String, Object> user) {
            return node.isEmpty();
        }

        public <T extends Comparable<T>> Optional<T> max(List<T> values) {
            return values.stream().max(Comparable::compareTo);
        }

        private JsonNode hidden() {
            return node;
        }
    }
}
