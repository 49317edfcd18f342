package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09FrameDecoder;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * DC-09 on a slot: each transmission is the message's frame stamped with the device clock (encrypted when the device
 * has a key); replies are matched by account and sequence. An ACK ends the message, a DUH gives it up, a NAK sets the
 * device clock from the receiver time in it and sends the message again at once.
 */
final class Dc09Wire implements Wire {
    private final Slot slot;

    Dc09Wire(Slot slot) {
        this.slot = slot;
    }

    private static DeviceMessage message(Pending p) {
        return (DeviceMessage) p.msg;
    }

    @Override
    public ChannelHandler streamDecoder() {
        return new Dc09FrameDecoder(slot.keys());
    }

    @Override
    public Object decodeDatagram(byte[] bytes) {
        return Dc09Codec.decodeFrame(bytes, slot.keys());
    }

    @Override
    public byte[] encode(Pending p, Channel ch, Receiver target) {
        DeviceMessage m = message(p);
        SimulatedDevice device = m.device();
        Instant timestamp = device.now();
        byte[] frame = m.encode(timestamp, ThreadLocalRandom.current());
        p.lastTimestamp = device.profile().timestamps() ? timestamp : null;
        return frame;
    }

    @Override
    public Object replyKey(Pending p) {
        return new Pending.ReplyKey(p.msg.account(), p.msg.sequence());
    }

    @Override
    public String printable(byte[] frame) {
        return new String(frame, 1, frame.length - 2, StandardCharsets.US_ASCII);
    }

    @Override
    public void onReply(Object decoded, Channel ch, Receiver from) {
        Dc09DecodeResult result = (Dc09DecodeResult) decoded;
        MessageLog log = slot.log();
        if (!slot.link().shared()) {
            onOwnConnectionReply(ch.attr(OneShotLink.PENDING).get(), result, ch);
            return;
        }
        if (!result.isSuccess()) {
            log.badReplies.increment();
            return;
        }
        Dc09Message m = result.message();
        switch (m.id()) {
            case Dc09Ids.ACK, Dc09Ids.DUH -> {
                Pending p = match(m, ch);
                if (p == null) {
                    log.unmatchedReplies.increment();
                } else if (Dc09Ids.ACK.equals(m.id())) {
                    slot.acked(p, m, from);
                } else {
                    slot.finish(p, SendOutcome.DUH, m, "receiver answered DUH");
                }
            }
            case Dc09Ids.NAK -> onNak(m, ch);
            default -> log.unmatchedReplies.increment();
        }
    }

    private Pending match(Dc09Message reply, Channel ch) {
        if (reply.account() != null) {
            return slot.outstanding(new Pending.ReplyKey(reply.account(), reply.sequence()));
        }
        Pending found = null;
        for (Pending p : slot.inFlightOn(ch)) {
            if (p.msg.sequence() == reply.sequence()) {
                if (found != null) {
                    return null; // ambiguous without the account
                }
                found = p;
            }
        }
        return found;
    }

    /**
     * A NAK names neither account nor sequence. It belongs to the only message in flight on the link,
     * or else to the messages whose timestamp is off the receiver's clock by more than the tolerance.
     * Otherwise it is ambiguous and ignored: the message it was meant for is retransmitted on timeout.
     */
    private void onNak(Dc09Message nak, Channel ch) {
        List<Pending> onLink = slot.inFlightOn(ch);
        List<Pending> targets = new ArrayList<>();
        if (onLink.size() == 1) {
            targets.add(onLink.get(0));
        } else if (nak.timestamp() != null) {
            long tolerance = slot.settings().nakTolerance().toMillis();
            for (Pending p : onLink) {
                if (p.lastTimestamp != null
                        && Math.abs(p.lastTimestamp.toEpochMilli() - nak.timestamp().toEpochMilli()) > tolerance) {
                    targets.add(p);
                }
            }
        }
        if (targets.isEmpty()) {
            slot.log().unmatchedReplies.increment();
            return;
        }
        targets.sort(Comparator.comparingLong(p -> p.firstSendNanos));
        for (Pending p : targets) {
            retransmitAfterNak(p, nak);
        }
    }

    private void retransmitAfterNak(Pending p, Dc09Message nak) {
        slot.log().naks.increment();
        p.naks++;
        if (nak.timestamp() != null) {
            message(p).device().correctClock(nak.timestamp());
        }
        slot.retryNow(p, "NAK from the receiver");
    }

    private void onOwnConnectionReply(Pending p, Dc09DecodeResult result, Channel ch) {
        MessageLog log = slot.log();
        if (p == null || p.state != Pending.State.IN_FLIGHT || p.channel != ch) {
            log.unmatchedReplies.increment();
            return;
        }
        if (!result.isSuccess()) {
            log.badReplies.increment();
            return;
        }
        Dc09Message m = result.message();
        boolean sameMessage = m.sequence() == p.msg.sequence()
                && (m.account() == null || m.account().equals(p.msg.account()));
        switch (m.id()) {
            case Dc09Ids.ACK -> {
                if (sameMessage) {
                    slot.acked(p, m, p.receiver);
                } else {
                    log.unmatchedReplies.increment();
                }
            }
            case Dc09Ids.DUH -> {
                if (sameMessage) {
                    slot.finish(p, SendOutcome.DUH, m, "receiver answered DUH");
                } else {
                    log.unmatchedReplies.increment();
                }
            }
            case Dc09Ids.NAK -> retransmitAfterNak(p, m);
            default -> log.unmatchedReplies.increment();
        }
    }
}
