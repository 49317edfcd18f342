package dk.vagtcentral.server.domain;

import java.util.regex.Pattern;

/**
 * The shape of a telephone number as people write it: a Danish number of 8 digits ({@code 70203040},
 * {@code 70 20 30 40}), or {@code +} with the country code ({@code +45 70 20 30 40}, {@code +46 8 123 456 78}),
 * digits grouped by single spaces or hyphens. Only the shape is checked, not whether the number is in service.
 */
public final class PhoneNumber {
    /** What a field error says. */
    public static final String EXPECTED = "must be a phone number: 8 digits (Danish) or + and the country code,"
            + " e.g. 70 20 30 40 or +45 70 20 30 40";
    private static final int MAX_LENGTH = 30;
    private static final Pattern SHAPE = Pattern.compile("\\+?\\d+(?:[ -]\\d+)*");
    private static final int DANISH_DIGITS = 8;
    private static final String DENMARK = "45";
    /** E.164: at most 15 digits with the country code; 7 is the shortest national plan in use plus its code. */
    private static final int MIN_INTERNATIONAL = 7;
    private static final int MAX_INTERNATIONAL = 15;

    private PhoneNumber() {
    }

    public static boolean isValid(String text) {
        if (text == null || text.length() > MAX_LENGTH || !SHAPE.matcher(text).matches()) {
            return false;
        }
        String digits = text.replaceAll("[^0-9]", "");
        if (!text.startsWith("+")) {
            return digits.length() == DANISH_DIGITS;
        }
        if (digits.startsWith("45")) {
            return digits.length() == 2 + DANISH_DIGITS;
        }
        return !digits.startsWith("0") && digits.length() >= MIN_INTERNATIONAL && digits.length() <= MAX_INTERNATIONAL;
    }

    /**
     * The number as a device dials it (E.164 without spaces): {@code 70 20 30 40} and {@code +45 70 20 30 40} are
     * {@code +4570203040}; null when {@code text} is not a valid number.
     */
    public static String dialable(String text) {
        if (!isValid(text)) {
            return null;
        }
        String digits = text.replaceAll("[^0-9]", "");
        return "+" + (text.startsWith("+") ? digits : DENMARK + digits);
    }
}
