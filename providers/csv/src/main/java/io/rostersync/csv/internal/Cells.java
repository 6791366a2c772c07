package io.rostersync.csv.internal;

/**
 * Cell text rules shared by reading and writing.
 *
 * <p>Formula injection: a spreadsheet runs a cell starting with {@code =}, {@code +}, {@code -},
 * {@code @}, tab or carriage return as a formula. The escape is a leading {@code '}, which spreadsheets
 * show as text, and it is reversible:
 * <ul>
 *   <li>reading ({@link #value}): the cell is trimmed; if it then starts with {@code '} followed by a
 *       formula trigger or by another {@code '}, that one leading {@code '} is dropped (and the rest
 *       trimmed). Any other apostrophe is data.</li>
 *   <li>writing a value ({@link #escape}): the value is trimmed (reading trims anyway); if it starts with a
 *       trigger, or with {@code '} followed by a trigger or by {@code '}, one {@code '} is put in front.
 *       So {@code =1+1} is written {@code '=1+1}, a real {@code '=1+1} is written {@code ''=1+1}, and
 *       {@code 'quoted'} stays as it is; each reads back to the value written.</li>
 *   <li>writing a cell kept from a file ({@link #neutralise}): left as it is unless it would run as a
 *       formula, in which case its value is escaped.</li>
 * </ul>
 * For every string {@code v}: {@code value(escape(v)).equals(v.strip())}, and neither {@code escape(v)}
 * nor {@code neutralise(c)}, as written or trimmed, starts with a trigger.
 */
public final class Cells {

    private Cells() {
    }

    static boolean startsFormula(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** Whether a trimmed value needs a leading {@code '} to read back the same and run as no formula. */
    private static boolean needsEscape(String trimmed) {
        if (trimmed.isEmpty()) {
            return false;
        }
        char first = trimmed.charAt(0);
        return startsFormula(first)
                || first == '\'' && trimmed.length() > 1 && (startsFormula(trimmed.charAt(1)) || trimmed.charAt(1) == '\'');
    }

    /** A logical value as cell text: see the class comment. */
    public static String escape(String value) {
        String t = value.strip();
        if (needsEscape(t)) {
            return "'" + t;
        }
        if (t.isEmpty() || (!value.isEmpty() && startsFormula(value.charAt(0)))) {
            return t;
        }
        return value;
    }

    /** A cell text kept from a file, made safe to write: unchanged unless it would run as a formula. */
    public static String neutralise(String cell) {
        String t = cell.strip();
        boolean runs = (!cell.isEmpty() && startsFormula(cell.charAt(0))) || (!t.isEmpty() && startsFormula(t.charAt(0)));
        return runs ? escape(value(cell)) : cell;
    }

    /** The value of a mapped cell as read: trimmed, with an escaping {@code '} removed. */
    public static String value(String cell) {
        String v = cell.strip();
        if (v.length() > 1 && v.charAt(0) == '\'' && (startsFormula(v.charAt(1)) || v.charAt(1) == '\'')) {
            v = v.substring(1).strip();
        }
        return v;
    }

    /** Short form of a cell value for a problem message. */
    static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", " ");
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 37) + "...";
    }
}
