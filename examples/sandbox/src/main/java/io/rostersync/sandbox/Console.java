package io.rostersync.sandbox;

import io.rostersync.engine.ActionOutcome;
import io.rostersync.engine.SyncListener;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.plan.PlanExplainer;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.SyncReport;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The human output: the plan as a table, a progress bar, reports. Colour (bold headings, the verdict in
 * green or red) and the progress bar redrawn in place are for a terminal only: a {@code Console} built
 * for a file or a pipe writes plain lines without escape codes.
 */
final class Console implements SyncListener {

    private static final String BOLD = "\u001b[1m";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";
    private static final PlanExplainer EXPLAINER = PlanExplainer.english();

    private final PrintStream out;
    private final boolean live;
    private final boolean colour;
    private final int maxRows;
    private int lastDecile = -1;

    /**
     * @param live   redraw the progress bar in place (a terminal); otherwise one line per half of the apply
     * @param colour use ANSI colours (a terminal, and the user has not set {@code NO_COLOR})
     */
    Console(PrintStream out, boolean live, boolean colour, int maxRows) {
        this.out = out;
        this.live = live;
        this.colour = colour;
        this.maxRows = maxRows;
    }

    void heading(String text) {
        out.println();
        out.println(paint(BOLD, "== " + text + " " + "=".repeat(Math.max(0, 96 - text.length()))));
    }

    void line(String text) {
        out.println(text);
    }

    /** The last line of a scenario: green when it went as expected, red when not. */
    void verdict(boolean ok, String text) {
        out.println(paint(ok ? GREEN : RED, text));
    }

    private String paint(String style, String text) {
        return colour ? style + text + RESET : text;
    }

    void planTable(Plan plan) {
        out.printf(Locale.ROOT, "Plan: %d actions, %d conflicts (%d source users, %d in scope, %d unchanged, %d ignored)%n",
                plan.actions().size(), plan.conflicts().size(), plan.stats().sourceUsers(), plan.stats().inScope(),
                plan.stats().unchanged(), plan.stats().ignored());
        if (plan.isEmpty() && plan.conflicts().isEmpty()) {
            out.println("  nothing to do");
            return;
        }
        String format = "  %-36s %-30s %s%n";
        out.printf(Locale.ROOT, format, "USER", "ACTION", "WHY");
        out.printf(Locale.ROOT, format, "-".repeat(36), "-".repeat(30), "-".repeat(40));
        int shown = 0;
        for (PlanAction a : plan.actions()) {
            if (shown++ == maxRows) {
                out.printf(Locale.ROOT, "  ... and %d more actions (use --rows to see more, --json for all)%n",
                        plan.actions().size() - maxRows);
                break;
            }
            out.printf(Locale.ROOT, format, clip(a.user().label(), 36), clip(EXPLAINER.what(a), 30), EXPLAINER.why(a));
        }
        int conflictsShown = 0;
        for (Conflict c : plan.conflicts()) {
            if (conflictsShown++ == maxRows) {
                out.printf(Locale.ROOT, "  ... and %d more conflicts%n", plan.conflicts().size() - maxRows);
                break;
            }
            out.printf(Locale.ROOT, format, clip(c.users().get(0).label(), 36),
                    clip("conflict " + c.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '), 30), EXPLAINER.reasons(c.reasons()));
        }
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    @Override
    public void applied(int done, int total, ActionOutcome outcome) {
        if (total == 0) {
            return;
        }
        int width = 40;
        int filled = (int) ((long) done * width / total);
        String bar = "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total;
        if (live) {
            out.print("\r  applying " + bar);
            if (done == total) {
                out.println();
            }
            out.flush();
        } else {
            int decile = (int) ((long) done * 10 / total);
            if (decile != lastDecile && (decile % 5 == 0 || done == total)) {
                lastDecile = decile;
                out.println("  applying " + bar);
            }
        }
    }

    @Override
    public void finished(SyncReport report) {
        lastDecile = -1;
    }

    void report(SyncReport report) {
        String[] lines = report.summary().split("\n");
        int detail = 0;
        int hidden = 0;
        for (int i = 0; i < lines.length; i++) {
            boolean isDetail = lines[i].startsWith("  conflict ") || lines[i].startsWith("  failed ") || lines[i].startsWith("  unreadable ");
            if (isDetail && ++detail > maxRows) {
                hidden++;
                continue;
            }
            if (hidden > 0 && !isDetail) {
                out.println("    ... and " + hidden + " more");
                hidden = 0;
            }
            out.println("  " + lines[i]);
        }
    }
}
