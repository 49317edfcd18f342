package dk.vagtcentral.protocol.event;

import dk.vagtcentral.protocol.dc09.Dc09Ids;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The events carried in a DC-09 data block, parsed by the block's language as real panels send it: SIA DC
 * ({@code #acct|Nri1/FA129/BR129}, see {@link SiaDataParser}) or Contact ID ({@code #acct|1110 01 015}, see
 * {@link ContactIdDataParser}), behind an account block that may be full ({@code #1234|}), empty ({@code |})
 * or absent.
 *
 * <p>Parsing never throws. A block that does not parse is a {@link Result} that is not understood: it still
 * carries the raw data, whole, and the reason. Every parsed field is bounded: a zone, area, user or account
 * longer than real panels send makes the block not understood (a clipped number would name the wrong zone);
 * text longer than {@link #MAX_TEXT} is clipped with {@link TextBounds#MARKER}.
 */
public final class EventData {
    /** SIA zone or unit number: four digits (SIA DC-03, "ZZZZ"). */
    public static final int MAX_ZONE_DIGITS = 4;
    /** SIA area, user and peripheral numbers after {@code ri}, {@code id}, {@code pi}. */
    public static final int MAX_NUMBER_DIGITS = 6;
    /** Any other modifier value. */
    public static final int MAX_MODIFIER_VALUE = 16;
    /** Text and names sent with events and modifiers; longer text is clipped. */
    public static final int MAX_TEXT = 80;
    /** Events in one data block. */
    public static final int MAX_EVENTS = 32;
    /** The account inside a data block. */
    public static final int MAX_ACCOUNT = 16;
    /** The reason a block was not understood. */
    public static final int MAX_REASON = 200;

    private static final Pattern BLOCK_ACCOUNT = Pattern.compile("[0-9A-Za-z]{1," + MAX_ACCOUNT + "}");

    /**
     * @param raw               the data block as received, whole ("" when there was none)
     * @param blockAccount      the account inside the data block ({@code #1234|...}, upper-cased), or null
     * @param events            at least one event when understood, none otherwise
     * @param contactIdEnvelope the fields around a Contact ID event that the block carried, or null
     * @param reason            why the block was not understood, or null when it was
     */
    public record Result(String raw, String blockAccount, List<AlarmEvent> events, ContactIdEnvelope contactIdEnvelope,
                         String reason) {
        public Result {
            Objects.requireNonNull(raw, "raw");
            events = List.copyOf(events);
            reason = TextBounds.clip(reason, MAX_REASON);
            if ((reason == null) == events.isEmpty()) {
                throw new IllegalArgumentException("an understood block has events, one not understood has none");
            }
        }

        static Result notUnderstood(String raw, String blockAccount, String reason) {
            return new Result(raw, blockAccount, List.of(), null, reason);
        }

        public boolean understood() {
            return reason == null;
        }

        /** The most urgent category among the events (FIRE before EMERGENCY before ...); UNKNOWN when not understood. */
        public EventCategory category() {
            return events.stream().map(AlarmEvent::category).min(Enum::compareTo).orElse(EventCategory.UNKNOWN);
        }

        /** The first event of the most urgent category; empty when not understood. */
        public Optional<AlarmEvent> primary() {
            EventCategory category = category();
            return events.stream().filter(e -> e.category() == category).findFirst();
        }

        /** The events in compact form ("FA129 BR129"), "" when not understood. */
        public String compact() {
            return events.stream().map(AlarmEvent::compact).collect(Collectors.joining(" "));
        }
    }

    private EventData() {
    }

    /** Parses the data block of a message with the given DC-09 id ("SIA-DCS" or "ADM-CID"). Never throws. */
    public static Result parse(String dc09Id, String data) {
        String raw = data == null ? "" : data;
        try {
            return parseChecked(dc09Id, raw);
        } catch (RuntimeException e) {
            // A defect here must not lose an alarm: the block is stored as not understood, with its raw data.
            return Result.notUnderstood(raw, null, "parser error: " + e);
        }
    }

    private static Result parseChecked(String dc09Id, String raw) {
        String account = null;
        String content = raw;
        if (raw.startsWith("#")) {
            int bar = raw.indexOf('|');
            if (bar < 0) {
                return Result.notUnderstood(raw, null, "data block account '#...' is not followed by '|'");
            }
            String candidate = raw.substring(1, bar);
            if (!candidate.isEmpty()) {
                if (!BLOCK_ACCOUNT.matcher(candidate).matches()) {
                    return Result.notUnderstood(raw, null,
                            "data block account is not 1-" + MAX_ACCOUNT + " letters or digits");
                }
                account = candidate.toUpperCase(Locale.ROOT);
            }
            content = raw.substring(bar + 1);
        } else if (raw.startsWith("|")) {
            content = raw.substring(1); // an empty account block
        }
        if (content.isEmpty()) {
            return Result.notUnderstood(raw, account, "data block has no event");
        }
        if (Dc09Ids.SIA_DCS.equals(dc09Id)) {
            return SiaDataParser.parse(raw, account, content);
        }
        if (Dc09Ids.ADM_CID.equals(dc09Id)) {
            return ContactIdDataParser.parse(raw, account, content);
        }
        return Result.notUnderstood(raw, account, "no event data expected for id "
                + TextBounds.clip(String.valueOf(dc09Id), 16));
    }
}
