package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.scaip.Mrq;
import java.util.Objects;

/**
 * One logical SCAIP message of a device: the {@code <mrq>}, the same in every transmission (a retransmission of its
 * SIP request over UDP, or a new request after a timeout, which the receiver recognises by the same ref).
 *
 * @param device the sender
 * @param mrq    the request, with its ref and the device's cid
 * @param kind   the kind it was made from, or null for a custom request
 */
public record ScaipMessage(ScaipDevice device, Mrq mrq, ScaipKind kind) implements Message {
    /** The message id the server stores for an {@code <mrq>}. */
    public static final String MESSAGE_ID = "SCAIP";

    public ScaipMessage {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(mrq, "mrq");
        if (mrq.ref() == null || !mrq.ref().matches("[0-9A-Za-z]{1,16}")) {
            throw new IllegalArgumentException("ref must be 1-16 letters or digits, got '" + mrq.ref() + "'");
        }
        if (!device.cid().equals(mrq.cid())) {
            throw new IllegalArgumentException("the <cid> " + mrq.cid() + " is not the device's " + device.cid());
        }
    }

    @Override
    public Protocol protocol() {
        return Protocol.SCAIP;
    }

    @Override
    public String account() {
        return device.cid();
    }

    @Override
    public String id() {
        return MESSAGE_ID;
    }

    /** SCAIP has no sequence number: 0. */
    @Override
    public int sequence() {
        return 0;
    }

    /** The {@code <mrq>} XML, as the receiver stores it with the alarm. */
    @Override
    public String data() {
        return mrq.xml();
    }

    public String ref() {
        return mrq.ref();
    }

    /** Every request but a heartbeat ({@code mty PI}) is stored as an alarm. */
    @Override
    public boolean isAlarm() {
        return !"PI".equals(mrq.mty());
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("ref ").append(ref()).append(" [");
        boolean first = true;
        for (Mrq.Element e : mrq.elements()) {
            if (!e.name().equals(Mrq.REF) && !e.name().equals(Mrq.CID)) {
                sb.append(first ? "" : " ").append(e.name()).append('=').append(e.value());
                first = false;
            }
        }
        return sb.append(']').toString();
    }
}
