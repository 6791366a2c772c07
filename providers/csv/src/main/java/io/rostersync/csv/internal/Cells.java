package io.rostersync.csv.internal;

/**
 * Cell text rules shared by reading and writing.
 *
 * <p>Formula injection: a spreadsheet runs a cell starting with {@code =}, {@code +}, {@code -},
 * {@code @}, tab or carriage return as a formula. On write such a cell gets a leading {@code '}, which
 * spreadsheets show as text; on read a {@code '} followed by one of those characters is dropped again, so
 * a file this library wrote reads back to the same values.
 */
public final class Cells {

    private Cells() {
    }

    static boolean startsFormula(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** The cell as written: formula triggers neutralised with a leading {@code '}. */
    public static String neutralise(String value) {
        if (!value.isEmpty() && startsFormula(value.charAt(0))) {
            return "'" + value;
        }
        return value;
    }

    /** The value of a mapped cell as read: trimmed, with a neutralising {@code '} removed. */
    public static String value(String cell) {
        String v = cell.strip();
        if (v.length() > 1 && v.charAt(0) == '\'' && startsFormula(v.charAt(1))) {
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
