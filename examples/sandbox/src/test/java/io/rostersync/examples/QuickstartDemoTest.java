package io.rostersync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickstartDemoTest {

    @Test
    void demoCreatesPendingUsersLinksTheExistingOneThenIdlesThenFollowsARename() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QuickstartDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 5);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("create as pending (silently)")
                .contains("link to hostapp-1")
                .contains("SUCCEEDED (full read")
                .contains("planned 0")
                .contains("update 1");
    }
}
