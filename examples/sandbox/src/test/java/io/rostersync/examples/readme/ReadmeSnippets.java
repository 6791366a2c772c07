package io.rostersync.examples.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that every {@code ```java} block of a Markdown file is a verbatim copy of a tagged region of a
 * compiled Java file.
 *
 * <p>In the Markdown, the line before each Java block (blank lines aside) names its region:
 * <pre>
 * &lt;!-- snippet: quick-start --&gt;
 * ```java
 * </pre>
 * In a Java source, the region is the lines between {@code // tag::quick-start[]} and
 * {@code // end::quick-start[]}. The comparison ignores only leading indentation: the region is
 * de-indented by its smallest indentation (blank lines aside), and so is the block.
 */
final class ReadmeSnippets {

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*([^`\\s]*).*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*snippet:\\s*([A-Za-z0-9_.-]+)\\s*-->\\s*$");
    private static final Pattern LOOSE_MARKER = Pattern.compile("<!--\\s*snippet\\b");
    private static final Pattern TAG = Pattern.compile("^\\s*//\\s*tag::([A-Za-z0-9_.-]+)\\[]\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*//\\s*end::([A-Za-z0-9_.-]+)\\[]\\s*$");
    private static final Pattern ANY_TAG = Pattern.compile("//\\s*(tag|end)::");

    private ReadmeSnippets() {
    }

    /** A fenced Java block of the Markdown file. */
    record Block(int line, Optional<String> snippet, List<String> lines) {

        String describe() {
            String first = lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
            return "the java block at README.md line " + line
                    + snippet.map(s -> " (snippet '" + s + "')").orElse("")
                    + " starting `" + (first.length() > 60 ? first.substring(0, 60) + "…" : first) + "`";
        }
    }

    /** A tagged region of a Java source file. */
    record Region(String name, Path file, int line, List<String> lines) {
    }

    /** The Java blocks of {@code markdown}, each with the snippet its marker names, plus marker problems. */
    static List<Block> javaBlocks(String markdown, List<String> problems) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        Optional<String> pendingMarker = Optional.empty();
        int pendingMarkerLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                String delimiter = fence.group(1);
                String info = fence.group(2);
                int close = i + 1;
                while (close < lines.size() && !closes(lines.get(close), delimiter)) {
                    close++;
                }
                if (info.equalsIgnoreCase("java")) {
                    blocks.add(new Block(i + 1, pendingMarker, lines.subList(i + 1, Math.min(close, lines.size()))));
                } else if (pendingMarker.isPresent()) {
                    problems.add("README.md line " + pendingMarkerLine + ": snippet marker '" + pendingMarker.get()
                            + "' is followed by a ```" + info + " block, not a ```java one");
                }
                pendingMarker = Optional.empty();
                i = close;
                continue;
            }
            Matcher marker = MARKER.matcher(line);
            if (marker.matches()) {
                if (pendingMarker.isPresent()) {
                    problems.add("README.md line " + pendingMarkerLine + ": snippet marker '" + pendingMarker.get()
                            + "' is not followed by a ```java block");
                }
                pendingMarker = Optional.of(marker.group(1));
                pendingMarkerLine = i + 1;
            } else if (LOOSE_MARKER.matcher(line).find()) {
                problems.add("README.md line " + (i + 1) + ": malformed snippet marker `" + line.strip()
                        + "`; write <!-- snippet: name --> alone on the line before the ```java block");
            } else if (!line.isBlank() && pendingMarker.isPresent()) {
                problems.add("README.md line " + pendingMarkerLine + ": snippet marker '" + pendingMarker.get()
                        + "' is not followed by a ```java block");
                pendingMarker = Optional.empty();
            }
        }
        if (pendingMarker.isPresent()) {
            problems.add("README.md line " + pendingMarkerLine + ": snippet marker '" + pendingMarker.get()
                    + "' is not followed by a ```java block");
        }
        return blocks;
    }

    private static boolean closes(String line, String delimiter) {
        String stripped = line.strip();
        return line.indexOf(stripped) <= 3 && stripped.length() >= delimiter.length()
                && stripped.chars().allMatch(c -> c == delimiter.charAt(0));
    }

    /** The tagged regions of {@code source}; unbalanced or repeated tags are problems. */
    static List<Region> regions(Path file, String source, List<String> problems) {
        List<String> lines = source.lines().toList();
        List<Region> regions = new ArrayList<>();
        Map<String, Integer> open = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher tag = TAG.matcher(line);
            Matcher end = END.matcher(line);
            if (tag.matches()) {
                if (open.putIfAbsent(tag.group(1), i) != null) {
                    problems.add(file + " line " + (i + 1) + ": tag::" + tag.group(1) + "[] opened twice");
                }
            } else if (end.matches()) {
                Integer start = open.remove(end.group(1));
                if (start == null) {
                    problems.add(file + " line " + (i + 1) + ": end::" + end.group(1) + "[] without its tag::" + end.group(1) + "[]");
                } else {
                    List<String> body = new ArrayList<>();
                    for (String l : lines.subList(start + 1, i)) {
                        if (!TAG.matcher(l).matches() && !END.matcher(l).matches()) {
                            body.add(l);
                        }
                    }
                    regions.add(new Region(end.group(1), file, start + 1, body));
                }
            } else if (line.strip().startsWith("//") && ANY_TAG.matcher(line).find()) {
                problems.add(file + " line " + (i + 1) + ": malformed tag `" + line.strip()
                        + "`; write // tag::name[] and // end::name[] alone on their lines");
            }
        }
        open.forEach((name, start) -> problems.add(file + " line " + (start + 1) + ": tag::" + name + "[] is never closed"));
        return regions;
    }

    /** The lines with their common leading indentation removed and blank lines made empty. */
    static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    /**
     * Every problem found: a block without a marker, a marker naming no region or a region named twice,
     * a block that differs from its region (with the first differing line), and a region no block shows.
     */
    static List<String> check(String markdown, List<Region> regions, List<String> problems) {
        List<String> out = new ArrayList<>(problems);
        Map<String, Region> byName = new LinkedHashMap<>();
        for (Region r : regions) {
            Region before = byName.putIfAbsent(r.name(), r);
            if (before != null) {
                out.add("snippet '" + r.name() + "' is tagged twice: " + before.file() + " line " + before.line()
                        + " and " + r.file() + " line " + r.line() + "; rename one");
            }
        }
        List<String> shown = new ArrayList<>();
        for (Block block : javaBlocks(markdown, out)) {
            if (block.snippet().isEmpty()) {
                out.add(block.describe() + " has no snippet marker: put <!-- snippet: name --> on the line before it"
                        + " and the same code between // tag::name[] and // end::name[] in a test source of examples/sandbox");
                continue;
            }
            String name = block.snippet().get();
            Region region = byName.get(name);
            if (region == null) {
                out.add(block.describe() + " names snippet '" + name + "', which no test source of examples/sandbox tags:"
                        + " put the code between // tag::" + name + "[] and // end::" + name + "[] in a test that runs it");
                continue;
            }
            if (shown.contains(name)) {
                out.add(block.describe() + " shows snippet '" + name + "' a second time; tag a region of its own");
            }
            shown.add(name);
            difference(dedent(block.lines()), dedent(region.lines())).ifPresent(d -> out.add(block.describe()
                    + " differs from its source " + region.file() + " (tag::" + name + "[] at line " + region.line()
                    + "); make them the same: " + d));
        }
        for (Region r : byName.values()) {
            if (!shown.contains(r.name())) {
                out.add(r.file() + " line " + r.line() + ": snippet '" + r.name()
                        + "' is tagged but no README block shows it; add the block or drop the tags");
            }
        }
        return out;
    }

    private static Optional<String> difference(List<String> block, List<String> region) {
        int n = Math.min(block.size(), region.size());
        for (int i = 0; i < n; i++) {
            if (!block.get(i).equals(region.get(i))) {
                return Optional.of("line " + (i + 1) + " of the block is\n    `" + block.get(i) + "`\n  and in the source\n    `"
                        + region.get(i) + "`");
            }
        }
        if (block.size() > n) {
            return Optional.of("the block has " + (block.size() - n) + " more line(s) from line " + (n + 1) + ": `" + block.get(n) + "`");
        }
        if (region.size() > n) {
            return Optional.of("the source has " + (region.size() - n) + " more line(s) from line " + (n + 1) + ": `" + region.get(n) + "`");
        }
        return Optional.empty();
    }

    /**
     * {@code markdown} with every marked Java block replaced by its region, de-indented: how the README is
     * brought back in line after the sources changed. Blocks without a marker or whose region is unknown stay
     * as they are (the check reports them).
     */
    static String update(String markdown, List<Region> regions) {
        Map<String, Region> byName = new LinkedHashMap<>();
        regions.forEach(r -> byName.putIfAbsent(r.name(), r));
        List<String> lines = new ArrayList<>(List.of(markdown.split("\n", -1)));
        List<Block> blocks = javaBlocks(markdown, new ArrayList<>());
        for (int i = blocks.size() - 1; i >= 0; i--) {
            Block block = blocks.get(i);
            Region region = block.snippet().map(byName::get).orElse(null);
            if (region != null) {
                List<String> body = lines.subList(block.line(), block.line() + block.lines().size());
                body.clear();
                body.addAll(dedent(region.lines()));
            }
        }
        return String.join("\n", lines);
    }

    /** The tagged regions of every Java file under {@code root}, paths shown relative to {@code base}. */
    static List<Region> regionsUnder(Path base, Path root, List<String> problems) {
        List<Region> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                out.addAll(regions(base.relativize(file), Files.readString(file, StandardCharsets.UTF_8), problems));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
