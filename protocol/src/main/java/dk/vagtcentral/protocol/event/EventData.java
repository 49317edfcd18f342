package dk.vagtcentral.protocol.event;

import dk.vagtcentral.protocol.dc09.Dc09Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The events carried in a DC-09 data block, parsed by the block's language:
 * SIA DC ({@code #acct|Nri1/FA129/BR129}) or Contact ID ({@code #acct|1110 01 015}).
 * Parsing never throws; a block that does not parse is a {@link Result} with an error.
 */
public final class EventData {
    private static final Pattern SIA_MODIFIER = Pattern.compile("([a-z]{2})(.*)");
    private static final Pattern SIA_EVENT = Pattern.compile("([A-Z]{2})([0-9A-Fa-f]{0,4})(\\^[^\\^]*\\^)?");
    private static final Pattern CID = Pattern.compile("([136])([0-9A-F]{3}) ([0-9A-F]{2}) ([0-9A-F]{3})");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-Fa-f]{3,16}");

    /**
     * @param blockAccount the account inside the data block ("#1234|..."), or null when absent
     * @param events       at least one event on success
     * @param error        why the block did not parse, or null on success
     */
    public record Result(String blockAccount, List<AlarmEvent> events, String error) {
        public boolean ok() {
            return error == null;
        }

        /** The most urgent category among the events (FIRE before EMERGENCY before ...). */
        public EventCategory category() {
            return events.stream().map(AlarmEvent::category).min(Enum::compareTo).orElse(EventCategory.OTHER);
        }

        /** The first event of the most urgent category. */
        public AlarmEvent primary() {
            EventCategory category = category();
            return events.stream().filter(e -> e.category() == category).findFirst().orElseThrow();
        }

        static Result error(String error) {
            return new Result(null, List.of(), error);
        }
    }

    private EventData() {
    }

    /** Parses the data block of a message with the given DC-09 id ("SIA-DCS" or "ADM-CID"). */
    public static Result parse(String dc09Id, String data) {
        Objects.requireNonNull(data, "data");
        String account = null;
        String content = data;
        if (data.startsWith("#")) {
            int bar = data.indexOf('|');
            if (bar < 0) {
                return Result.error("data block account '#...' is not followed by '|'");
            }
            account = data.substring(1, bar).toUpperCase(Locale.ROOT);
            if (!ACCOUNT.matcher(account).matches()) {
                return Result.error("data block account is not 3-16 hex digits");
            }
            content = data.substring(bar + 1);
        }
        if (content.isEmpty()) {
            return Result.error("data block has no event");
        }
        return switch (dc09Id) {
            case Dc09Ids.SIA_DCS -> parseSia(account, content);
            case Dc09Ids.ADM_CID -> parseContactId(account, content);
            default -> Result.error("no event data expected for id " + dc09Id);
        };
    }

    private static Result parseSia(String account, String content) {
        if (content.charAt(0) != 'N') {
            return Result.error("SIA data does not start with 'N' (new event)");
        }
        String area = "";
        List<AlarmEvent> events = new ArrayList<>();
        for (String token : content.substring(1).split("/", -1)) {
            if (token.isEmpty()) {
                return Result.error("SIA data has an empty field between '/'");
            }
            Matcher event = SIA_EVENT.matcher(token);
            if (event.matches()) {
                String code = event.group(1);
                EventCodeTable.Entry entry = EventCodeTable.sia(code);
                events.add(new AlarmEvent(EventFormat.SIA_DCS, code, 'N', event.group(2), area,
                        entry.category(), entry.description()));
                continue;
            }
            Matcher modifier = SIA_MODIFIER.matcher(token);
            if (modifier.matches()) {
                if (modifier.group(1).equals("ri")) {
                    area = modifier.group(2);
                }
                continue;
            }
            return Result.error("SIA data field '" + token + "' is neither an event code nor a modifier");
        }
        if (events.isEmpty()) {
            return Result.error("SIA data has no event code");
        }
        return new Result(account, List.copyOf(events), null);
    }

    private static Result parseContactId(String account, String content) {
        Matcher m = CID.matcher(content.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return Result.error("Contact ID data is not 'QEEE GG CCC' (qualifier 1/3/6, event, group, zone)");
        }
        char qualifier = m.group(1).charAt(0);
        String code = m.group(2);
        EventCodeTable.Entry entry = EventCodeTable.contactId(qualifier, code);
        AlarmEvent event = new AlarmEvent(EventFormat.CONTACT_ID, code, qualifier, m.group(4), m.group(3),
                entry.category(), entry.description());
        return new Result(account, List.of(event), null);
    }
}
