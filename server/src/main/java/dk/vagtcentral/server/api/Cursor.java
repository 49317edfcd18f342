package dk.vagtcentral.server.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * An opaque position in a list whose order is not by id alone (the trail lists, escalations): the sort key of the
 * last item a page answered, base64url-encoded. A list answers {@code nextCursor} (null on the last page) and takes
 * it back as {@code cursor}; a client never builds one. A cursor the server did not give out is a 400.
 */
final class Cursor {
    private static final char SEP = '\u001f';

    private Cursor() {
    }

    static String encode(Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(SEP);
            }
            sb.append(parts[i] == null ? "" : parts[i].toString());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's parts, or null when absent; exactly {@code count} of them, or a 400. */
    static List<String> decode(String text, int count) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8);
            List<String> parts = Arrays.asList(raw.split(String.valueOf(SEP), -1));
            if (parts.size() == count) {
                return parts;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw bad();
    }

    /** One page of a list: the items to answer, and the cursor after the last of them when more follow. */
    record Page<T>(List<T> items, String nextCursor) {
    }

    /** The page in {@code rows}, read with {@code limit + 1} so that a further row tells there is more. */
    static <T> Page<T> page(List<T> rows, int limit, Function<T, String> cursorAfter) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, cursorAfter.apply(items.get(limit - 1)));
    }

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /** A list's {@code limit} parameter: 1 to {@link #MAX_LIMIT}, {@link #DEFAULT_LIMIT} when absent, else a 400. */
    static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** A part that holds an instant, or a 400. */
    static Instant instantPart(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw bad();
        }
    }

    /** A part that holds a whole number, or a 400. */
    static long longPart(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw bad();
        }
    }

    static ApiException bad() {
        return ApiException.badRequest("cursor is not one this list answered as nextCursor; start again without it");
    }
}
