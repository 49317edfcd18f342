package dk.vagtcentral.protocol.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Contact ID data after the account block, in the shapes transmitters send. Spaces are optional anywhere (the
 * fields are fixed width); digits are hex (Contact ID sends 0-9 and B-F):
 * <pre>
 *   QEEE GG CCC                 the event alone: qualifier 1/3/6, event code, group (partition), zone or user
 *   ACCT MT QEEE GG CCC [S]     the whole DTMF message: account, message type 18 or 98, event, checksum digit
 *   5RRL 18 AAAA QEEE GG CCC    a Sur-Gard receiver's automation line: protocol 5, receiver, line, account
 * </pre>
 * A checksum digit is accepted only when it checks out (digit sum, 0 counting 10, divisible by 15). Data that
 * reads in more than one way is not understood rather than guessed at.
 */
final class ContactIdDataParser {
    private static final int CORE = 9;
    private static final String HEX = "0123456789ABCDEF";

    private record Reading(ContactIdEnvelope envelope, String core) {
    }

    private ContactIdDataParser() {
    }

    static EventData.Result parse(String raw, String account, String content) {
        String upper = content.strip().toUpperCase(Locale.ROOT);
        StringBuilder digits = new StringBuilder(upper.length());
        for (int i = 0; i < upper.length(); i++) {
            char c = upper.charAt(i);
            if (c == ' ') {
                continue;
            }
            if (HEX.indexOf(c) < 0) {
                return EventData.Result.notUnderstood(raw, account,
                        "Contact ID data has '" + c + "', not only hex digits and spaces");
            }
            digits.append(c);
        }
        String d = digits.toString();
        List<Reading> readings = readings(d);
        if (readings.isEmpty()) {
            return EventData.Result.notUnderstood(raw, account, "Contact ID data is not 'QEEE GG CCC' (qualifier "
                    + "1/3/6, event, group, zone), 'ACCT 18 QEEE GG CCC' or '5RRL 18 ACCT QEEE GG CCC'");
        }
        if (readings.size() > 1) {
            return EventData.Result.notUnderstood(raw, account, "Contact ID data reads in " + readings.size()
                    + " ways (account length, checksum or receiver prefix)");
        }
        Reading r = readings.get(0);
        String core = r.core();
        char qualifier = core.charAt(0);
        String code = core.substring(1, 4);
        EventCodeTable.Entry entry = EventCodeTable.contactId(qualifier, code);
        AlarmEvent event = new AlarmEvent(EventFormat.CONTACT_ID, code, qualifier, core.substring(6, 9),
                core.substring(4, 6), entry.category(), entry.description(), "", List.of());
        return new EventData.Result(raw, account, List.of(event), r.envelope(), null);
    }

    private static List<Reading> readings(String d) {
        List<Reading> out = new ArrayList<>(1);
        int n = d.length();
        if (n == CORE && isCore(d)) {
            out.add(new Reading(null, d));
        }
        // ACCT MT core S: the checksum counts only when it checks out
        int withChecksum = n - 2 - CORE - 1;
        if (withChecksum >= 3 && withChecksum <= EventData.MAX_ACCOUNT && isMessageType(d, withChecksum)
                && isCore(d.substring(withChecksum + 2, n - 1)) && checksumHolds(d)) {
            out.add(new Reading(new ContactIdEnvelope(d.substring(0, withChecksum),
                    d.substring(withChecksum, withChecksum + 2), null, null, d.substring(n - 1)),
                    d.substring(withChecksum + 2, n - 1)));
        }
        int withoutChecksum = n - 2 - CORE;
        if (withoutChecksum >= 3 && withoutChecksum <= EventData.MAX_ACCOUNT && isMessageType(d, withoutChecksum)
                && isCore(d.substring(withoutChecksum + 2))) {
            out.add(new Reading(new ContactIdEnvelope(d.substring(0, withoutChecksum),
                    d.substring(withoutChecksum, withoutChecksum + 2), null, null, null),
                    d.substring(withoutChecksum + 2)));
        }
        // 5 RR L MT AAAA core
        if (n == 4 + 2 + 4 + CORE && d.charAt(0) == '5' && isMessageType(d, 4) && isCore(d.substring(10))) {
            out.add(new Reading(new ContactIdEnvelope(d.substring(6, 10), d.substring(4, 6), d.substring(1, 3),
                    d.substring(3, 4), null), d.substring(10)));
        }
        return out;
    }

    private static boolean isMessageType(String d, int at) {
        return d.startsWith("18", at) || d.startsWith("98", at);
    }

    private static boolean isCore(String core) {
        if (core.length() != CORE) {
            return false;
        }
        char q = core.charAt(0);
        return q == '1' || q == '3' || q == '6';
    }

    /** The Contact ID checksum: the sum of all digits, 0 counting as 10, is a multiple of 15. */
    static boolean checksumHolds(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int v = HEX.indexOf(digits.charAt(i));
            sum += v == 0 ? 10 : v;
        }
        return sum % 15 == 0;
    }
}
