package dk.vagtcentral.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.sip.SipCodec;
import dk.vagtcentral.protocol.sip.SipRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipTransactionsTest {
    static SipRequest request(String branch, int cseq) {
        String text = "MESSAGE sip:alarm@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.7:5060;branch=" + branch + "\r\n"
                + "From: <sip:4510001000@10.0.0.7>;tag=a\r\nTo: <sip:alarm@127.0.0.1>\r\nCall-ID: c1\r\n"
                + "CSeq: " + cseq + " MESSAGE\r\nContent-Length: 0\r\n\r\n";
        return (SipRequest) SipCodec.decodeDatagram(text.getBytes(StandardCharsets.UTF_8)).message();
    }

    @Test
    void aRetransmissionIsAbsorbedWhileHandledThenAnsweredAlikeUntilItExpires() {
        SipTransactions t = new SipTransactions();
        SipTransactions.Arrival first = t.arrived(request("z9hG4bK-1", 1), 0);
        assertThat(first).isInstanceOf(SipTransactions.Handle.class);
        assertThat(t.arrived(request("z9hG4bK-1", 1), 10)).isInstanceOf(SipTransactions.Absorb.class);
        byte[] response = "SIP/2.0 200 OK".getBytes(StandardCharsets.US_ASCII);
        t.answered(((SipTransactions.Handle) first).key(), response, 100);
        SipTransactions.Arrival again = t.arrived(request("z9hG4bK-1", 1), 200);
        assertThat(again).isInstanceOf(SipTransactions.Resend.class);
        assertThat(((SipTransactions.Resend) again).response()).isEqualTo(response);
        assertThat(t.arrived(request("z9hG4bK-1", 1), 100 + SipTransactions.LIFETIME_NANOS))
                .as("after Timer J it is a new request").isInstanceOf(SipTransactions.Handle.class);
    }

    @Test
    void theSameBranchWithANewCseqIsANewRequestAndAnUnansweredOneIsForgotten() {
        SipTransactions t = new SipTransactions();
        SipTransactions.Handle first = (SipTransactions.Handle) t.arrived(request("z9hG4bK-2", 1), 0);
        t.answered(first.key(), new byte[]{1}, 0);
        // a device resending with credentials after a 401 under the same branch
        assertThat(t.arrived(request("z9hG4bK-2", 2), 1)).isInstanceOf(SipTransactions.Handle.class);
        SipTransactions.Handle other = (SipTransactions.Handle) t.arrived(request("z9hG4bK-3", 1), 2);
        t.forget(other.key());
        assertThat(t.arrived(request("z9hG4bK-3", 1), 3)).as("its commit failed: handled afresh")
                .isInstanceOf(SipTransactions.Handle.class);
    }

    @Test
    void withoutTheMagicCookieTheDialogFieldsMatch() {
        SipTransactions t = new SipTransactions();
        assertThat(t.arrived(request("old-1", 1), 0)).isInstanceOf(SipTransactions.Handle.class);
        assertThat(t.arrived(request("old-1", 1), 1)).isInstanceOf(SipTransactions.Absorb.class);
        t.sweep(2);
        assertThat(t.size()).as("unanswered entries are not swept before they expire").isEqualTo(1);
    }
}
