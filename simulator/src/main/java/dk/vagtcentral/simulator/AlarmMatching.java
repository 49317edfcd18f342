package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.scaip.MrqDecodeResult;
import dk.vagtcentral.protocol.scaip.MrqDecoder;
import java.nio.charset.StandardCharsets;

/**
 * How {@link AlarmApiVerifier} finds the alarm the server stored for an ACKed message: both are reduced to a key,
 * which must occur as often among the stored alarms as among the ACKed ones. Chosen per ACKed message by its protocol
 * (its id), and used for the stored alarms of the same account.
 */
enum AlarmMatching {
    /**
     * DC-09: account|sequence|data. The server stores the data block as sent, with the sequence number; a key repeats
     * legitimately once the sequence wraps. NULL messages are not alarms.
     */
    DC09 {
        @Override
        boolean isAlarm(AckedMessage m) {
            return !Dc09Ids.NULL.equals(m.id());
        }

        @Override
        String key(AckedMessage m) {
            return m.account() + "|" + m.sequence() + "|" + m.data();
        }

        @Override
        String key(StoredAlarm a) {
            return a.account() + "|" + a.sequence() + "|" + a.data();
        }
    },
    /**
     * SCAIP: controller id|ref. The receiver stores an {@code <mrq>} under its controller id as the account, with no
     * sequence number and the request's XML as the data (when it is longer than the data column, the rest goes on in
     * the extended data; the ref is the first element the simulator sends, so it stays in the data); the ref is read
     * from that XML as from the one sent. Heartbeats ({@code mty PI}) are not stored.
     */
    SCAIP {
        @Override
        boolean isAlarm(AckedMessage m) {
            MrqDecodeResult r = decode(m.data());
            return !(r.isSuccess() && "PI".equals(r.mrq().mty()));
        }

        @Override
        String key(AckedMessage m) {
            return m.account() + "|" + ref(m.data());
        }

        @Override
        String key(StoredAlarm a) {
            return a.account() + "|" + ref(a.data());
        }
    };

    /** Whether the server stores the message as an alarm. */
    abstract boolean isAlarm(AckedMessage m);

    abstract String key(AckedMessage m);

    abstract String key(StoredAlarm a);

    static AlarmMatching of(AckedMessage m) {
        return ScaipMessage.MESSAGE_ID.equals(m.id()) ? SCAIP : DC09;
    }

    private static MrqDecodeResult decode(String xml) {
        return MrqDecoder.decode(xml == null ? new byte[0] : xml.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code <ref>} of an {@code <mrq>}; the whole text, marked, when it has none (so it matches nothing else). */
    private static String ref(String xml) {
        String ref = decode(xml).ref();
        return ref != null ? ref : "no ref: " + xml;
    }
}
