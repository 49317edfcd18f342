package dk.vagtcentral.protocol.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SIA DC-03 data after the account block, in the shapes DC-09 panels send:
 * <pre>
 *   data      := field ( separator? field )*
 *   separator := '/' | '|'          ('|' also opens a new block, which may start with the function code 'N')
 *   field     := 'N'                (function code "new event", at the start of a block; optional)
 *              | modifier | event | 'A' text
 *   modifier  := [a-z]{2} value ( '^' name '^' )?          ri area, id user, pi peripheral, ti time, da date
 *   event     := [A-Z]{2} [0-9]{0,4} ( '^' text '^' | '*' quote text quote )* 'NM'?
 * </pre>
 * A separator may be left out wherever the next field cannot be read as part of the previous one
 * ({@code Nri1CL0^VX FRONTE ^}, {@code Nti20:50:26RP99}); both '/' and '|' separate fields (Eaton's "Extended SIA3
 * V2" replaced '/' by '|'). An 'A' field that is not an event is ASCII text ({@code NRR|Atest},
 * {@code /AFire Zone 2}) and belongs to the event before it. {@code *'text'NM} is X-SIA text (Bosch Conettix).
 * Modifiers hold for the events after them. Text is stripped of padding and clipped; numbers are never clipped.
 */
final class SiaDataParser {
    private static final Pattern TIME = Pattern.compile("\\d{1,2}:\\d{2}(?::\\d{2})?");
    private static final Pattern DATE = Pattern.compile("\\d{2}-\\d{2}-\\d{2}(?:\\d{2})?");
    private static final String XSIA_UNIT = "NM";

    private final String s;
    /** False in the look-ahead that asks whether an 'A' field reads as events. */
    private final boolean textFields;
    private final Map<String, SiaModifier> modifiers;
    private final List<Pending> events = new ArrayList<>();
    private final StringBuilder orphanText = new StringBuilder();
    private int pos;
    private String failure;

    private record Pending(String code, String zone, StringBuilder text, List<SiaModifier> modifiers) {
        AlarmEvent toEvent() {
            EventCodeTable.Entry entry = EventCodeTable.sia(code);
            String area = modifiers.stream().filter(m -> m.name().equals(SiaModifier.AREA)).map(SiaModifier::value)
                    .findFirst().orElse("");
            return new AlarmEvent(EventFormat.SIA_DCS, code, 'N', zone, area, entry.category(), entry.description(),
                    TextBounds.clip(text.toString(), EventData.MAX_TEXT), modifiers);
        }
    }

    private SiaDataParser(String s, boolean textFields, Map<String, SiaModifier> modifiers) {
        this.s = s;
        this.textFields = textFields;
        this.modifiers = modifiers;
    }

    static EventData.Result parse(String raw, String account, String content) {
        SiaDataParser p = new SiaDataParser(content, true, new LinkedHashMap<>());
        if (!p.run()) {
            return EventData.Result.notUnderstood(raw, account, p.failure);
        }
        if (p.events.isEmpty()) {
            return EventData.Result.notUnderstood(raw, account,
                    p.orphanText.isEmpty() ? "SIA data has no event code" : "SIA data has text but no event code");
        }
        return new EventData.Result(raw, account, p.events.stream().map(Pending::toEvent).toList(), null, null);
    }

    private boolean run() {
        boolean blockStart = true;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '/' || c == '|') {
                pos++;
                blockStart = c == '|';
                continue;
            }
            if (blockStart && c == 'N' && functionCodeFollows()) {
                pos++;
                blockStart = false;
                continue;
            }
            blockStart = false;
            boolean ok;
            if (c == 'A' && textFields && !fieldReadsAsEvents()) {
                ok = textField();
            } else if (isLower(c)) {
                ok = modifier();
            } else if (isUpper(c)) {
                ok = event();
            } else {
                ok = fail("unexpected '" + c + "' at position " + pos);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether the 'N' at {@code pos} is the function code rather than the first letter of an event code ("NL1"). */
    private boolean functionCodeFollows() {
        int next = pos + 1;
        if (next >= s.length()) {
            return true;
        }
        char n = s.charAt(next);
        if (n == '/' || n == '|' || isLower(n)) {
            return true;
        }
        return isUpper(n) && next + 1 < s.length() && isUpper(s.charAt(next + 1));
    }

    private boolean fieldReadsAsEvents() {
        SiaDataParser probe = new SiaDataParser(s.substring(pos, fieldEnd()), false, new LinkedHashMap<>(modifiers));
        return probe.run() && !probe.events.isEmpty();
    }

    /** The end of the field at {@code pos}: the next separator outside carets, or the end. */
    private int fieldEnd() {
        boolean inCaret = false;
        for (int i = pos; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '^') {
                inCaret = !inCaret;
            } else if (!inCaret && (c == '/' || c == '|')) {
                return i;
            }
        }
        return s.length();
    }

    /** 'A' and text up to the next block ('|') or the end. */
    private boolean textField() {
        int end = s.indexOf('|', pos);
        end = end < 0 ? s.length() : end;
        appendText(s.substring(pos + 1, end));
        pos = end;
        return true;
    }

    private boolean modifier() {
        if (pos + 1 >= s.length() || !isLower(s.charAt(pos + 1))) {
            return fail("'" + s.charAt(pos) + "' at position " + pos + " is not a two-letter modifier");
        }
        String name = s.substring(pos, pos + 2);
        pos += 2;
        String value;
        switch (name) {
            case SiaModifier.TIME -> {
                value = match(TIME);
                if (value == null) {
                    return fail("time after 'ti' is not hh:mm or hh:mm:ss");
                }
            }
            case SiaModifier.DATE -> {
                value = match(DATE);
                if (value == null) {
                    return fail("date after 'da' is not mm-dd-yy or mm-dd-yyyy");
                }
            }
            case SiaModifier.AREA, SiaModifier.USER, SiaModifier.PERIPHERAL -> {
                value = run("0123456789");
                if (value.length() > EventData.MAX_NUMBER_DIGITS) {
                    return fail(SiaModifier.describe(name) + " after '" + name + "' is longer than "
                            + EventData.MAX_NUMBER_DIGITS + " digits");
                }
            }
            default -> {
                value = run("0123456789:.-");
                if (value.length() > EventData.MAX_MODIFIER_VALUE) {
                    return fail("value of modifier '" + name + "' is longer than " + EventData.MAX_MODIFIER_VALUE);
                }
            }
        }
        String label = "";
        if (at('^')) {
            label = caretText();
            if (label == null) {
                return fail("name after modifier '" + name + "' is not closed with '^'");
            }
        }
        modifiers.remove(name); // a repeated modifier replaces the earlier one and moves to the end
        modifiers.put(name, new SiaModifier(name, value, TextBounds.clip(label, EventData.MAX_TEXT),
                SiaModifier.describe(name)));
        return true;
    }

    private boolean event() {
        if (pos + 1 >= s.length() || !isUpper(s.charAt(pos + 1))) {
            return fail("'" + s.charAt(pos) + "' at position " + pos + " starts no two-letter event code");
        }
        String code = s.substring(pos, pos + 2);
        pos += 2;
        String zone = run("0123456789");
        if (zone.length() > EventData.MAX_ZONE_DIGITS) {
            return fail("zone of event " + code + " is longer than " + EventData.MAX_ZONE_DIGITS + " digits");
        }
        if (events.size() == EventData.MAX_EVENTS) {
            return fail("more than " + EventData.MAX_EVENTS + " events in one data block");
        }
        events.add(new Pending(code, zone, new StringBuilder(), List.copyOf(modifiers.values())));
        while (true) {
            if (at('^')) {
                String text = caretText();
                if (text == null) {
                    return fail("text of event " + code + " is not closed with '^'");
                }
                appendText(text);
            } else if (at('*') && pos + 1 < s.length() && (s.charAt(pos + 1) == '\'' || s.charAt(pos + 1) == '"')) {
                int close = s.indexOf(s.charAt(pos + 1), pos + 2);
                if (close < 0) {
                    return fail("X-SIA text of event " + code + " is not closed");
                }
                appendText(s.substring(pos + 2, close));
                pos = close + 1;
            } else {
                break;
            }
        }
        if (s.startsWith(XSIA_UNIT, pos) && (pos + 2 == s.length() || isSeparator(s.charAt(pos + 2)))) {
            pos += 2; // the X-SIA unit characters, sent after the text or in its place
        }
        return true;
    }

    /** The text between '^' at {@code pos} and the next '^', stripped; null when it is not closed. */
    private String caretText() {
        int close = s.indexOf('^', pos + 1);
        if (close < 0) {
            return null;
        }
        String text = s.substring(pos + 1, close).strip();
        pos = close + 1;
        return text;
    }

    private void appendText(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return;
        }
        StringBuilder target = events.isEmpty() ? orphanText : events.get(events.size() - 1).text();
        if (!target.isEmpty()) {
            target.append(' ');
        }
        // bounded here already, so that a long block cannot grow the builder beyond what is kept
        target.append(t, 0, Math.min(t.length(), EventData.MAX_TEXT + 1));
    }

    private String match(Pattern pattern) {
        Matcher m = pattern.matcher(s).region(pos, s.length());
        if (!m.lookingAt()) {
            return null;
        }
        pos = m.end();
        return m.group();
    }

    private String run(String allowed) {
        int start = pos;
        while (pos < s.length() && allowed.indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private boolean at(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    private boolean fail(String reason) {
        failure = "SIA data: " + reason;
        return false;
    }

    private static boolean isSeparator(char c) {
        return c == '/' || c == '|';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
