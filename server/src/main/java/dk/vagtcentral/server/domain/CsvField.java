package dk.vagtcentral.server.domain;

import java.util.regex.Pattern;

/**
 * One field of an RFC 4180 CSV export that a spreadsheet will open: a field with a comma, quote, CR or LF is quoted
 * (quotes doubled), and a text field a spreadsheet would take for a formula — one starting with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a CR (CSV injection) — gets a leading {@code '} so it is shown as text and never
 * evaluated. A plain number ({@code -12.50}) is left as it is: it is data, not a formula.
 */
public final class CsvField {
    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

    private CsvField() {
    }

    public static String of(String value) {
        String v = neutralised(value);
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\r') < 0 && v.indexOf('\n') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    /** The value, with a leading {@code '} when a spreadsheet would read it as a formula. */
    static String neutralised(String value) {
        if (value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return risky && !NUMBER.matcher(value).matches() ? "'" + value : value;
    }
}
