package io.rostersync.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 §3 for real: a run that exhausts a small heap while reading ends in a stored FAILED report
 * with its lease free, in a JVM of its own so nothing else shares the exhausted heap.
 */
@Timeout(180)
class RealOutOfMemoryTest {

    @Test
    void aRunThatExhaustsTheHeapWhileReadingEndsFailedStoredAndReleased() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-Xmx48m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
                "-cp", System.getProperty("java.class.path"), SmallHeapRun.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();

        assertThat(out).as(out).contains("status=FAILED", "OutOfMemoryError", "stored=FAILED", "leaseFree=true",
                "next=SUCCEEDED created=1");
        assertThat(out).doesNotContain("escaped=");
    }
}
