package io.rostersync.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The public API of a package as text, by reflection over its compiled classes: every type a caller can
 * name in a public or protected signature of a public class (its supertypes, type-parameter bounds,
 * fields, constructors, methods and their exceptions, generics included). Sub-packages named
 * {@code internal} are left out: they carry no compatibility promise. The classes are read from the
 * directory or jar the anchor class was loaded from. (The same scan as rostersync-http's own test, which
 * cannot see the providers.)
 */
final class PublicSignatures {

    private PublicSignatures() {
    }

    /**
     * Each signature element of the public classes of {@code packageName} (and its non-internal
     * sub-packages) that mentions {@code fragment}, as {@code Class.member: type}.
     *
     * @param anchor any class compiled into the same output directory as the package
     */
    static List<String> mentioning(Class<?> anchor, String packageName, String fragment) {
        List<String> found = new ArrayList<>();
        for (Class<?> c : publicClasses(anchor, packageName)) {
            for (String s : of(c)) {
                if (s.contains(fragment)) {
                    found.add(s);
                }
            }
        }
        return found;
    }

    /** The public classes (nested public classes of public classes included) of the package. */
    static List<Class<?>> publicClasses(Class<?> anchor, String packageName) {
        List<Class<?>> classes = new ArrayList<>();
        try {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                try (FileSystem jar = FileSystems.newFileSystem(location)) {
                    collect(jar.getPath("/"), anchor.getClassLoader(), packageName, classes);
                }
            } else {
                collect(location, anchor.getClassLoader(), packageName, classes);
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (classes.isEmpty()) {
            throw new IllegalStateException("no public classes in " + packageName + " beside " + anchor + ": wrong anchor?");
        }
        return classes;
    }

    private static void collect(Path root, ClassLoader loader, String packageName, List<Class<?>> into) throws IOException {
        Path dir = root.resolve(packageName.replace(".", root.getFileSystem().getSeparator()));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace(root.getFileSystem().getSeparator(), ".")
                        .replaceAll("\\.class$", "");
                if (name.matches(".*\\.internal(\\..*)?\\.[^.]+") || name.endsWith("package-info")) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, loader);
                if (visible(c)) {
                    into.add(c);
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean visible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    /** Every type in the public or protected signatures of one class, as {@code Class.member: type}. */
    static List<String> of(Class<?> c) {
        List<String> out = new ArrayList<>();
        String n = c.getName();
        if (c.getGenericSuperclass() != null) {
            out.add(n + " extends: " + c.getGenericSuperclass().getTypeName());
        }
        for (Type t : c.getGenericInterfaces()) {
            out.add(n + " implements: " + t.getTypeName());
        }
        bounds(n, c.getTypeParameters(), out);
        for (Field f : c.getDeclaredFields()) {
            if (exposed(f)) {
                out.add(n + "." + f.getName() + ": " + f.getGenericType().getTypeName());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (exposed(k)) {
                executable(n + ".<init>", k, out);
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (exposed(m) && !m.isSynthetic() && !m.isBridge()) {
                out.add(n + "." + m.getName() + " returns: " + m.getGenericReturnType().getTypeName());
                executable(n + "." + m.getName(), m, out);
            }
        }
        return out;
    }

    private static void executable(String where, Executable e, List<String> out) {
        for (Type p : e.getGenericParameterTypes()) {
            out.add(where + " takes: " + p.getTypeName());
        }
        for (Type x : e.getGenericExceptionTypes()) {
            out.add(where + " throws: " + x.getTypeName());
        }
        bounds(where, e.getTypeParameters(), out);
    }

    private static void bounds(String where, TypeVariable<?>[] variables, List<String> out) {
        for (TypeVariable<?> v : variables) {
            for (Type b : v.getBounds()) {
                out.add(where + " <" + v.getName() + "> bound: " + b.getTypeName());
            }
        }
    }

    private static boolean exposed(Member m) {
        return (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) && !m.isSynthetic();
    }
}
