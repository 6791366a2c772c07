package io.rostersync.fuzz;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The real vendor sample bodies in the sibling {@code shared/vendor-samples} folder, read at test time
 * and never copied into the project. Absent folder: the test is skipped, except under {@code CI=true}
 * where it fails, so a CI checkout without the samples cannot pass silently.
 */
final class SharedSamples {

    private SharedSamples() {
    }

    /** The folder of one vendor's samples, or a skipped (CI: failed) test. */
    static Path vendor(String vendor) {
        Optional<Path> root = find();
        if (root.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("../shared/vendor-samples not found above " + Path.of("").toAbsolutePath() + " and CI=true");
        }
        assumeTrue(root.isPresent(), "../shared/vendor-samples not found: vendor sample fuzzing skipped");
        Path dir = root.get().resolve(vendor);
        if (!Files.isDirectory(dir)) {
            fail("no samples for " + vendor + " in " + root.get());
        }
        return dir;
    }

    /** The named sample files of a vendor, as text. */
    static List<String> read(String vendor, String... files) {
        Path dir = vendor(vendor);
        List<String> bodies = new ArrayList<>();
        for (String f : files) {
            try {
                bodies.add(Files.readString(dir.resolve(f), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bodies;
    }

    /** Walks up from the working directory to a folder holding {@code shared/vendor-samples}. */
    private static Optional<Path> find() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("vendor-samples");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
