package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.SipResponse;

/**
 * What the SCAIP receiver answers to one request: the response (null: none, the device retransmits), the
 * {@code <mrs>} MESSAGE to send the device after it (null unless its model takes the answer that way), what it
 * decided, and the registered controller the request proved the sender to be (null when it did not).
 *
 * @param answered the {@code snu 0} answer to an alarm, for the answer-latency meter
 * @param followUpRef the {@code ref} the follow-up {@code <mrs>} answers (for the log), null without a follow-up
 */
public record ScaipReply(SipResponse response, SipRequest followUp, ScaipMetrics.Result result, String controllerId,
                         boolean answered, String followUpRef) {

    ScaipReply(SipResponse response, SipRequest followUp, ScaipMetrics.Result result, String controllerId,
               boolean answered) {
        this(response, followUp, result, controllerId, answered, null);
    }

    static ScaipReply none(ScaipMetrics.Result result) {
        return new ScaipReply(null, null, result, null, false);
    }
}
