package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.scaip.Mrs;
import dk.vagtcentral.protocol.scaip.ScaipStatus;
import dk.vagtcentral.protocol.sip.CSeq;
import dk.vagtcentral.protocol.sip.DigestAuth;
import dk.vagtcentral.protocol.sip.NameAddr;
import dk.vagtcentral.protocol.sip.SipCodec;
import dk.vagtcentral.protocol.sip.SipDecodeResult;
import dk.vagtcentral.protocol.sip.SipHeaders;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.SipResponse;
import dk.vagtcentral.protocol.sip.SipResponses;
import dk.vagtcentral.protocol.sip.SipStreamDecoder;
import dk.vagtcentral.protocol.sip.Via;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * SCAIP on a slot, as a social-alarm device speaks it: each attempt of a message is a SIP {@code MESSAGE} carrying
 * its {@code <mrq>} ({@code Content-Type: application/scaip+xml}), and the message is ACKed only by an {@code <mrs>}
 * with {@code snu 0}.
 * <ul>
 * <li>The {@code <mrs>} comes either in the body of the {@code 200 OK}, or, after an empty {@code 200 OK}, in a
 *     {@code MESSAGE} of the receiver's own, which the device answers {@code 200 OK} (every time the receiver sends
 *     it) and matches to its message by the {@code ref} (and the controller id in its {@code To}).</li>
 * <li>Another {@code snu} ends the message as {@link SendOutcome#REFUSED}, the {@code <mrs>} kept with it.</li>
 * <li>Over UDP the current request is retransmitted unchanged until a final response arrives: after 500 ms (T1),
 *     then at doubling intervals up to 4 s (T2), RFC 3261 §17.1.2.2. When the reply timeout passes without an
 *     {@code <mrs>}, the slot sends the message again as a new request with the same ref (over TCP that is the only
 *     re-send), to the other receiver if the device fails over.</li>
 * <li>{@code 401} with a Digest challenge: the request goes again at once with {@code Authorization} (MD5,
 *     {@code qop=auth} when offered) from the device's password; the device keeps the challenge and answers it
 *     unasked on its later messages. A second 401 to the same message that does not call the nonce stale means the
 *     password is wrong: the message fails.</li>
 * <li>5xx and 408 wait for the reply timeout and go again; any other error response fails the message.</li>
 * </ul>
 */
final class ScaipWire implements Wire {
    static final String CONTENT_TYPE = "application/scaip+xml";
    /** RFC 3261's T1 and T2: the first UDP retransmission interval, and the longest. */
    static final long T1_MILLIS = 500;
    static final long T2_MILLIS = 4_000;
    /** Digest challenges answered for one message at most (stale nonces included). */
    static final int MAX_CHALLENGES = 5;
    private static final String USER_AGENT = "vagtcentral-simulator";

    /** How an {@code <mrs>} names its message: the controller id and the ref. */
    record ReplyKey(String cid, String ref) {
    }

    private final Slot slot;
    /** Messages with a request out, by Call-ID: what responses are matched by. */
    private final Map<String, Pending> byCallId = new HashMap<>();
    private String wildcardHost;

    ScaipWire(Slot slot) {
        this.slot = slot;
    }

    private static ScaipMessage message(Pending p) {
        return (ScaipMessage) p.msg;
    }

    @Override
    public ChannelHandler streamDecoder() {
        return new SipStreamDecoder();
    }

    @Override
    public Object decodeDatagram(byte[] bytes) {
        return SipCodec.decodeDatagram(bytes);
    }

    @Override
    public Object replyKey(Pending p) {
        return new ReplyKey(p.msg.account(), message(p).ref());
    }

    // ------------------------------------------------------------------ requests

    @Override
    public byte[] encode(Pending p, Channel ch, Receiver target) {
        ScaipMessage m = message(p);
        String local = local(ch);
        ScaipExchange x = p.sip;
        if (x == null) {
            x = new ScaipExchange(token() + "@" + local, token());
            p.sip = x;
            byCallId.put(x.callId, p);
        }
        x.cseq++;
        x.branch = Via.MAGIC_COOKIE + token();
        x.answered = false;
        String transport = slot.transport() == Transport.UDP ? "UDP" : "TCP";
        String uri = "sip:alarm@" + hostPort(slot.address(target));
        SipHeaders h = SipHeaders.EMPTY
                .with(SipHeaders.VIA, "SIP/2.0/" + transport + " " + local + ";branch=" + x.branch + ";rport")
                .with(SipHeaders.MAX_FORWARDS, "70")
                .with(SipHeaders.FROM, "<sip:" + m.account() + "@" + hostOf(local) + ">;tag=" + x.fromTag)
                .with(SipHeaders.TO, "<" + uri + ">")
                .with(SipHeaders.CALL_ID, x.callId)
                .with(SipHeaders.CSEQ, x.cseq + " " + SipRequest.MESSAGE)
                .with(SipHeaders.CONTACT, "<sip:" + m.account() + "@" + local + ";transport="
                        + transport.toLowerCase(java.util.Locale.ROOT) + ">")
                .with(SipHeaders.USER_AGENT, USER_AGENT)
                .with(SipHeaders.CONTENT_TYPE, CONTENT_TYPE);
        String authorization = m.device().authorization(SipRequest.MESSAGE, uri);
        if (authorization != null) {
            h = h.with(SipHeaders.AUTHORIZATION, authorization);
        }
        return SipCodec.encode(new SipRequest(SipRequest.MESSAGE, uri, h, m.mrq().encode()));
    }

    /** Over UDP, the request is retransmitted until it has a final response or the attempt ends. */
    @Override
    public void transmitted(Pending p, Channel ch, Receiver target, byte[] frame) {
        if (slot.transport() == Transport.UDP) {
            scheduleRetransmission(p, p.attempts, ch, target, frame, T1_MILLIS);
        }
    }

    private void scheduleRetransmission(Pending p, int attempt, Channel ch, Receiver target, byte[] frame,
                                        long intervalMillis) {
        p.retransmitTimer = slot.loop.schedule(() -> {
            p.retransmitTimer = null;
            if (p.state != Pending.State.IN_FLIGHT || p.attempts != attempt || p.sip.answered) {
                return;
            }
            ch.writeAndFlush(slot.link().wrap(Unpooled.wrappedBuffer(frame), target), ch.voidPromise());
            slot.log().transmissions.increment();
            slot.log().sipRetransmissions.increment();
            scheduleRetransmission(p, attempt, ch, target, frame, nextInterval(intervalMillis));
        }, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** The interval after a retransmission: doubled, at most T2 (RFC 3261 §17.1.2.2, Timer E). */
    static long nextInterval(long intervalMillis) {
        return Math.min(intervalMillis * 2, T2_MILLIS);
    }

    @Override
    public String printable(byte[] frame) {
        String text = new String(frame, StandardCharsets.UTF_8);
        int lineEnd = text.indexOf("\r\n");
        int body = text.indexOf("\r\n\r\n");
        return (lineEnd < 0 ? text : text.substring(0, lineEnd)) + (body < 0 ? "" : " " + text.substring(body + 4));
    }

    @Override
    public void forget(Pending p) {
        if (p.sip != null) {
            byCallId.remove(p.sip.callId, p);
        }
    }

    // ------------------------------------------------------------------ replies

    @Override
    public void onReply(Object decoded, Channel ch, Receiver from) {
        SipDecodeResult result = (SipDecodeResult) decoded;
        if (result.isKeepalive()) {
            return;
        }
        if (!result.isSuccess()) {
            slot.log().badReplies.increment();
            return;
        }
        if (result.message() instanceof SipResponse response) {
            onResponse(response, from);
        } else {
            onRequest((SipRequest) result.message(), ch, from);
        }
    }

    private void onResponse(SipResponse response, Receiver from) {
        MessageLog log = slot.log();
        Pending p = response.callId() == null ? null : byCallId.get(response.callId());
        CSeq cseq = response.cseq();
        if (p == null || cseq == null || !SipRequest.MESSAGE.equals(cseq.method())) {
            log.unmatchedReplies.increment();
            return;
        }
        if (response.status() < 200) {
            return; // provisional: the final response is still to come
        }
        boolean current = cseq.number() == p.sip.cseq;
        if (current) {
            p.sip.answered = true;
            p.cancelRetransmission();
        }
        Receiver answering = from == null ? p.receiver : from;
        if (response.status() < 300) {
            if (response.body().length == 0) {
                return; // the <mrs> follows in a MESSAGE of the receiver's own
            }
            Optional<Mrs> mrs = Mrs.parse(response.body());
            if (mrs.isEmpty() || (mrs.get().ref() != null && !mrs.get().ref().equals(message(p).ref()))) {
                log.badReplies.increment();
                return;
            }
            log.mrsInBody.increment();
            onMrs(p, mrs.get(), answering);
            return;
        }
        if (!current) {
            log.unmatchedReplies.increment(); // a late answer to an earlier request of the message
            return;
        }
        String status = response.status() + " " + response.reason();
        if (response.status() == 401 || response.status() == 407) {
            onChallenge(p, response);
        } else if (response.status() >= 500 || response.status() == 408) {
            p.lastError = "receiver answered " + status; // the reply timeout sends the message again
        } else {
            String warning = response.header("Warning");
            slot.finish(p, SendOutcome.FAILED, null, "receiver answered " + status
                    + (warning == null ? "" : " (" + warning + ")"));
        }
    }

    private void onChallenge(Pending p, SipResponse response) {
        slot.log().challenges.increment();
        ScaipDevice device = message(p).device();
        String challenge = response.header(response.status() == 401 ? SipHeaders.WWW_AUTHENTICATE
                : "Proxy-Authenticate");
        DigestAuth.Credentials c = DigestAuth.parse(challenge);
        boolean stale = c != null && "true".equalsIgnoreCase(c.get("stale"));
        if (c == null) {
            slot.finish(p, SendOutcome.FAILED, null, "receiver answered " + response.status() + " without a Digest"
                    + " challenge");
        } else if (!device.hasPassword()) {
            slot.finish(p, SendOutcome.FAILED, null, "receiver asks for a password (" + response.status()
                    + " digest challenge) and the device has none (--password)");
        } else if (p.challenges > 0 && !stale) {
            slot.finish(p, SendOutcome.FAILED, null, "receiver refused the device's credentials (" + response.status()
                    + " again): wrong password?");
        } else if (p.challenges >= MAX_CHALLENGES) {
            slot.finish(p, SendOutcome.FAILED, null, "challenged " + p.challenges + " times");
        } else if (!device.challenged(challenge)) {
            slot.finish(p, SendOutcome.FAILED, null, "cannot answer the challenge (" + challenge + ")");
        } else {
            p.challenges++;
            slot.retryNow(p, response.status() + " digest challenge");
        }
    }

    private void onRequest(SipRequest request, Channel ch, Receiver from) {
        MessageLog log = slot.log();
        switch (request.method()) {
            case SipRequest.ACK -> {
                // nothing to answer
            }
            case SipRequest.OPTIONS -> respond(request, 200, SipHeaders.EMPTY.with(SipHeaders.ALLOW, "MESSAGE, OPTIONS")
                    .with(SipHeaders.ACCEPT, CONTENT_TYPE), ch, from);
            case SipRequest.MESSAGE -> {
                Optional<Mrs> mrs = Mrs.parse(request.body());
                respond(request, mrs.isPresent() ? 200 : 400, null, ch, from);
                if (mrs.isEmpty()) {
                    log.badReplies.increment();
                    return;
                }
                log.mrsInMessage.increment();
                Pending p = match(request, mrs.get());
                if (p == null) {
                    log.unmatchedReplies.increment(); // a repeat of an <mrs> already taken, or one for no message
                    return;
                }
                onMrs(p, mrs.get(), from == null ? p.receiver : from);
            }
            default -> respond(request, 405, SipHeaders.EMPTY.with(SipHeaders.ALLOW, "MESSAGE, OPTIONS"), ch, from);
        }
    }

    /** The message an {@code <mrs>} MESSAGE answers: by the controller id in its To and the ref; by the ref alone. */
    private Pending match(SipRequest request, Mrs mrs) {
        if (mrs.ref() == null) {
            return null;
        }
        NameAddr to = NameAddr.parse(request.header(SipHeaders.TO));
        String cid = to == null ? null : to.user();
        if (cid != null) {
            Pending p = slot.outstanding(new ReplyKey(cid, mrs.ref()));
            if (p != null) {
                return p;
            }
        }
        Pending found = null;
        for (Pending p : byCallId.values()) {
            if (message(p).ref().equals(mrs.ref())) {
                if (found != null) {
                    return null; // two devices with that ref: ambiguous without the controller id
                }
                found = p;
            }
        }
        return found;
    }

    private void onMrs(Pending p, Mrs mrs, Receiver from) {
        if (p.state == Pending.State.DONE) {
            return;
        }
        if (mrs.ok()) {
            slot.acked(p, mrs, from);
            return;
        }
        String text;
        try {
            text = ScaipStatus.of(mrs.snu()).text();
        } catch (IllegalArgumentException e) {
            text = "unknown status";
        }
        slot.finish(p, SendOutcome.REFUSED, mrs, "receiver answered snu " + mrs.snu() + " (" + text + ")"
                + (mrs.ste() == null || mrs.ste().isEmpty() ? "" : ": " + mrs.ste()));
    }

    /** Answers a request of the receiver on the flow it came on (RFC 3261 §18.2.2, RFC 3581). */
    private void respond(SipRequest request, int status, SipHeaders extra, Channel ch, Receiver from) {
        SocketAddress source = slot.transport() == Transport.UDP ? slot.address(from) : ch.remoteAddress();
        InetSocketAddress s = source instanceof InetSocketAddress a ? a : slot.address(Receiver.PRIMARY);
        SipResponse response = SipResponses.to(request, status, token(),
                s.getAddress().getHostAddress(), s.getPort(), extra, null);
        ch.writeAndFlush(slot.link().wrap(Unpooled.wrappedBuffer(SipCodec.encode(response)), from), ch.voidPromise());
    }

    /**
     * A Call-ID, tag, branch or cnonce: 64 random bits in hex. Unique is all they need to be; a simulator sending
     * thousands a second does not take them from the shared SecureRandom the receiver's nonces come from.
     */
    static String token() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    // ------------------------------------------------------------------ addresses

    /**
     * {@code host:port} of the channel's local end, for the Via and the Contact. A UDP socket bound to the wildcard
     * address names the loopback address towards a receiver on loopback, else this host's address.
     */
    private String local(Channel ch) {
        InetSocketAddress a = (InetSocketAddress) ch.localAddress();
        if (a.getAddress() != null && !a.getAddress().isAnyLocalAddress()) {
            return hostPort(a);
        }
        if (wildcardHost == null) {
            InetAddress remote = slot.address(Receiver.PRIMARY).getAddress();
            try {
                wildcardHost = remote.isLoopbackAddress() ? bracketed(InetAddress.getLoopbackAddress())
                        : bracketed(InetAddress.getLocalHost());
            } catch (UnknownHostException e) {
                wildcardHost = bracketed(InetAddress.getLoopbackAddress());
            }
        }
        return wildcardHost + ":" + a.getPort();
    }

    private static String hostPort(InetSocketAddress a) {
        return bracketed(a.getAddress()) + ":" + a.getPort();
    }

    private static String bracketed(InetAddress address) {
        String host = address.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String hostOf(String hostPort) {
        return hostPort.substring(0, hostPort.lastIndexOf(':'));
    }
}
