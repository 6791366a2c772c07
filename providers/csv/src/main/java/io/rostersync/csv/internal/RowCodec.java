package io.rostersync.csv.internal;

import io.rostersync.csv.CsvColumns;
import io.rostersync.csv.CsvField;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.model.Username;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Turns the cells of one row into a record and back, for one {@link Layout}. Stateless and thread-safe. */
public final class RowCodec {

    /** Outcome of decoding one row. */
    public sealed interface Decoded {
    }

    /** A row that held a user. */
    public record User(UserRecord record) implements Decoded {
    }

    /** A row that could not be read, with why (never the row's personal data). */
    public record Invalid(String reason) implements Decoded {
    }

    /** A row with nothing in it, skipped without a problem. */
    public record Blank() implements Decoded {
    }

    private final CsvColumns columns;
    private final Layout layout;

    public RowCodec(CsvColumns columns, Layout layout) {
        this.columns = columns;
        this.layout = layout;
    }

    public Layout layout() {
        return layout;
    }

    public Decoded decode(List<String> cells) {
        boolean blank = true;
        for (String c : cells) {
            if (c != null && !c.isBlank()) {
                blank = false;
                break;
            }
        }
        if (blank) {
            return new Blank();
        }
        int width = layout.width();
        if (cells.size() < width) {
            return new Invalid("the row has " + cells.size() + " cells, the header has " + width);
        }
        for (int i = width; i < cells.size(); i++) {
            String extra = cells.get(i);
            if (extra != null && !extra.isBlank()) {
                return new Invalid("the row has " + cells.size() + " cells, the header has " + width);
            }
        }
        for (String c : cells) {
            if (c != null && c.indexOf('\uFFFD') >= 0) {
                return new Invalid("the row is not valid UTF-8 text");
            }
        }
        String emailHeader = layout.headerOf(CsvField.EMAIL);
        String emailText = field(cells, CsvField.EMAIL);
        if (emailText.isEmpty()) {
            return new Invalid("'" + emailHeader + "' is empty; every row needs an email");
        }
        // EmailAddress lets control characters through; an id derived from the email may not hold them.
        Optional<EmailAddress> email = emailText.chars().anyMatch(Character::isISOControl)
                ? Optional.empty() : EmailAddress.parse(emailText);
        if (email.isEmpty()) {
            return new Invalid("'" + emailHeader + "' is not a valid email address");
        }
        NativeId id;
        if (layout.column(CsvField.ID).isPresent()) {
            String idText = field(cells, CsvField.ID);
            if (idText.isEmpty()) {
                return new Invalid("'" + layout.headerOf(CsvField.ID) + "' is empty; every row needs an id");
            }
            try {
                id = NativeId.of(idText);
            } catch (IllegalArgumentException e) {
                return new Invalid("'" + layout.headerOf(CsvField.ID) + "' is not a usable id: " + e.getMessage());
            }
        } else {
            try {
                id = NativeId.of(email.get().value());
            } catch (IllegalArgumentException e) {
                return new Invalid("'" + emailHeader + "' cannot serve as the id: " + e.getMessage());
            }
        }
        Optional<UserStatus> status = parseStatus(field(cells, CsvField.STATUS));
        if (status.isEmpty()) {
            return new Invalid("'" + layout.headerOf(CsvField.STATUS) + "' has unknown status '"
                    + Cells.abbreviate(field(cells, CsvField.STATUS)) + "' (expected Active, Inactive, Pending or Suspended)");
        }
        try {
            UserProfile.Builder b = UserProfile.builder()
                    .email(email.get())
                    .firstName(field(cells, CsvField.FIRST_NAME))
                    .lastName(field(cells, CsvField.LAST_NAME))
                    .status(status.get())
                    .roles(split(field(cells, CsvField.ROLES)))
                    .groups(split(field(cells, CsvField.GROUPS)));
            String username = field(cells, CsvField.USERNAME);
            if (!username.isEmpty()) {
                b.username(Optional.of(Username.of(username)));
            }
            for (Map.Entry<String, Integer> a : layout.attributeColumns().entrySet()) {
                String v = Cells.value(cell(cells, a.getValue()));
                if (!v.isEmpty()) {
                    b.attribute(a.getKey(), v);
                }
            }
            return new User(UserRecord.of(id, b.build()));
        } catch (IllegalArgumentException e) {
            return new Invalid("the row does not make a valid profile: " + e.getMessage());
        }
    }

    /**
     * The row for {@code profile} as cell texts ready to write: mapped columns from the profile, escaped
     * with {@link Cells#escape}; other columns, and mapped cells whose meaning did not change, kept as
     * they were in {@code previous} (blank for a new row). The writer still makes every cell safe.
     */
    public String[] encode(NativeId id, UserProfile profile, List<String> previous) {
        String[] row = values(id, profile, previous);
        for (int i = 0; i < row.length; i++) {
            boolean kept = i < previous.size() && previous.get(i) != null && row[i] == previous.get(i);
            if (!kept) {
                row[i] = Cells.escape(row[i]);
            }
        }
        return row;
    }

    /** The row's logical values, with unchanged cells replaced by (the same instance of) their previous text. */
    private String[] values(NativeId id, UserProfile profile, List<String> previous) {
        String[] row = new String[layout.width()];
        Arrays.fill(row, "");
        for (int i = 0; i < row.length && i < previous.size(); i++) {
            row[i] = previous.get(i) == null ? "" : previous.get(i);
        }
        set(row, CsvField.ID, id.value());
        set(row, CsvField.FIRST_NAME, profile.firstName());
        set(row, CsvField.LAST_NAME, profile.lastName());
        set(row, CsvField.EMAIL, profile.email().map(EmailAddress::value).orElse(""));
        set(row, CsvField.USERNAME, profile.username().map(Username::value).orElse(""));
        set(row, CsvField.ROLES, join(profile.roles()));
        set(row, CsvField.STATUS, statusWord(profile.status()));
        set(row, CsvField.GROUPS, join(profile.groups()));
        for (Map.Entry<String, Integer> a : layout.attributeColumns().entrySet()) {
            row[a.getValue()] = profile.attribute(a.getKey()).orElse("");
        }
        keepUnchangedCells(row, previous);
        return row;
    }

    /** A cell whose meaning did not change keeps its text, so a write-back changes only what changed. */
    private void keepUnchangedCells(String[] row, List<String> previous) {
        for (CsvField field : CsvField.values()) {
            Optional<Integer> at = layout.column(field);
            if (at.isEmpty() || at.get() >= previous.size() || previous.get(at.get()) == null) {
                continue;
            }
            int i = at.get();
            String before = previous.get(i);
            boolean same;
            if (field == CsvField.STATUS) {
                same = parseStatus(Cells.value(before)).equals(parseStatus(row[i]));
            } else if (field == CsvField.ROLES || field == CsvField.GROUPS) {
                same = new TreeSet<>(split(Cells.value(before))).equals(new TreeSet<>(split(row[i])));
            } else if (field == CsvField.EMAIL) {
                same = EmailAddress.parse(Cells.value(before)).map(EmailAddress::value).orElse("").equals(row[i]);
            } else {
                same = Cells.value(before).equals(row[i].strip());
            }
            if (same) {
                row[i] = before;
            }
        }
        for (Integer i : layout.attributeColumns().values()) {
            if (i < previous.size() && previous.get(i) != null && Cells.value(previous.get(i)).equals(row[i].strip())) {
                row[i] = previous.get(i);
            }
        }
    }

    /** Values a cell cannot hold without changing meaning when read back, or empty when there are none. */
    public Optional<String> unrepresentable(UserProfile profile) {
        String sep = String.valueOf(columns.valueSeparator());
        for (String role : profile.roles()) {
            if (role.contains(sep)) {
                return Optional.of("role '" + Cells.abbreviate(role) + "' contains the value separator '" + sep + "'");
            }
        }
        for (String group : profile.groups()) {
            if (group.contains(sep)) {
                return Optional.of("group '" + Cells.abbreviate(group) + "' contains the value separator '" + sep + "'");
            }
        }
        return Optional.empty();
    }

    private void set(String[] row, CsvField field, String value) {
        layout.column(field).ifPresent(i -> row[i] = value);
    }

    private String field(List<String> cells, CsvField field) {
        return layout.column(field).map(i -> Cells.value(cell(cells, i))).orElse("");
    }

    private static String cell(List<String> cells, int i) {
        String c = i < cells.size() ? cells.get(i) : null;
        return c == null ? "" : c;
    }

    private List<String> split(String cell) {
        List<String> values = new ArrayList<>();
        if (cell.isEmpty()) {
            return values;
        }
        for (String v : cell.split(java.util.regex.Pattern.quote(String.valueOf(columns.valueSeparator())), -1)) {
            String s = v.strip();
            if (!s.isEmpty()) {
                values.add(s);
            }
        }
        return values;
    }

    private String join(Collection<String> values) {
        return String.join(columns.valueSeparator() + " ", new TreeSet<>(values));
    }

    /** Blank is active; words are matched case-insensitively. */
    public static Optional<UserStatus> parseStatus(String text) {
        switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "":
            case "active":
            case "enabled":
                return Optional.of(UserStatus.ACTIVE);
            case "inactive":
            case "deactivated":
            case "disabled":
                return Optional.of(UserStatus.INACTIVE);
            case "pending":
            case "invited":
                return Optional.of(UserStatus.PENDING);
            case "suspended":
                return Optional.of(UserStatus.SUSPENDED);
            default:
                return Optional.empty();
        }
    }

    /** How a status is written: {@code Active}, {@code Inactive}, {@code Pending}, {@code Suspended}. */
    public static String statusWord(UserStatus status) {
        String n = status.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
}
