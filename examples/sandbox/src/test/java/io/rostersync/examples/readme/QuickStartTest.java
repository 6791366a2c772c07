package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** The README's quick start, run as the program a newcomer copies. */
class QuickStartTest {

    @Test
    @ResourceLock(Resources.SYSTEM_OUT)
    void printsThePlanWithReasonsThenTheReportThenASecondRunWithNothingToDo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream before = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(before);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(out);

        assertThat(out).contains("uma.haddad@example.com: link to hostapp-1: matched an existing account by email; "
                        + "update: source changed first name 'Existing' -> 'Uma'")
                .contains("create as pending");
        assertThat(out.lines().filter(l -> l.contains("create as pending"))).hasSize(7);
        assertThat(out.lines().filter(l -> l.contains("SUCCEEDED"))).hasSize(2);
        assertThat(out).contains("planned 0");
    }
}
