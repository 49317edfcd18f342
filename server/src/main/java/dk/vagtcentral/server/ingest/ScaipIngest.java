package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.protocol.event.TextBounds;
import dk.vagtcentral.protocol.scaip.MrqDecodeResult;
import dk.vagtcentral.protocol.scaip.MrqDecoder;
import dk.vagtcentral.protocol.scaip.Mrq;
import dk.vagtcentral.protocol.scaip.Mrs;
import dk.vagtcentral.protocol.scaip.MrsStyle;
import dk.vagtcentral.protocol.scaip.ScaipEvent;
import dk.vagtcentral.protocol.scaip.ScaipMapping;
import dk.vagtcentral.protocol.scaip.ScaipStatus;
import dk.vagtcentral.protocol.sip.DigestAuth;
import dk.vagtcentral.protocol.sip.DigestNonces;
import dk.vagtcentral.protocol.sip.NameAddr;
import dk.vagtcentral.protocol.sip.SipDecodeFailure;
import dk.vagtcentral.protocol.sip.SipDecodeResult;
import dk.vagtcentral.protocol.sip.SipHeaders;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.SipResponse;
import dk.vagtcentral.protocol.sip.SipResponses;
import dk.vagtcentral.protocol.sip.Via;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.domain.VoiceCallTarget;
import dk.vagtcentral.server.net.LogGate;
import dk.vagtcentral.server.store.AlarmWriter;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the answer to each SIP request, shared by the SCAIP UDP and TCP receivers, on the same promise as DC-09:
 * {@code 200 OK} with {@code snu 0} only once the {@link AlarmWriter} has committed the alarm; a retransmitted
 * {@code <mrq>} (same controller, ref and content, within the retransmission window) is answered again and stored
 * once (the writer recognises its key).
 *
 * <ul>
 *   <li>{@code MESSAGE} with an {@code <mrq>}: bad XML → {@code snu 2}; a mandatory element missing → {@code snu 7};
 *       a ref or controller id of the wrong shape → {@code snu 3}; an unknown controller → {@code snu 5} and an
 *       unknown-device record (aggregated per controller, as for DC-09); a controller registered with a password
 *       and no valid credentials → {@code 401} with a digest challenge (MD5); a heartbeat ({@code PI}) → recorded
 *       as a sighting, {@code snu 0} at once; anything else → stored and then {@code snu 0}, with {@code cre 62}
 *       and {@code tnu} when its voice call is to go to the desk's phone ({@link ScaipVoice}, which never holds the
 *       answer more than {@link ScaipVoice#BOUND} after the commit). An {@code <mrq>} from a
 *       registered controller whose type or codes are not understood is still an alarm: stored whole as UNKNOWN,
 *       raised like an emergency, answered {@code snu 0}.</li>
 *   <li>The {@code <mrs>} goes the way the device's model takes it ({@link MrsStyle}): in the 200 OK's body, or in a
 *       MESSAGE of the receiver's own after an empty 200 OK (then {@link ScaipReply#followUp()}).</li>
 *   <li>{@code OPTIONS} → 200 with Allow and Accept; {@code ACK} → nothing; any other method → 405; a body that is
 *       not {@code application/scaip+xml} (or XML) → 415.</li>
 *   <li>A commit that fails is not answered over UDP (the device retransmits, and the transaction is handled again)
 *       and is answered {@code 503} with {@code Retry-After} over TCP (where a device does not retransmit).</li>
 * </ul>
 * The futures complete on the caller's event loop (see {@link AlarmWriter#store}).
 */
public final class ScaipIngest {
    private static final Logger LOG = LoggerFactory.getLogger(ScaipIngest.class);
    public static final String CONTENT_TYPE = "application/scaip+xml";
    static final String ALLOW = "MESSAGE, OPTIONS, ACK";
    /** Body types read as an {@code <mrq>}: the registered one, and plain XML some implementations send. */
    private static final Set<String> ACCEPTED = Set.of(CONTENT_TYPE, "application/xml", "text/xml");
    private static final int MAX_STE = 128;
    /** Seconds a device told 503 waits before it sends again. */
    static final int RETRY_AFTER_SECONDS = 2;

    /**
     * The flow a request came on: where from, over what, and the receiver's own address on it (for the Via and From
     * of the {@code <mrs>} MESSAGE).
     *
     * @param transport UDP, TCP or TLS
     */
    public record Flow(AlarmSource source, String remoteIp, int remotePort, String transport, String localHost,
                       int localPort) {
        String remote() {
            return remoteIp.contains(":") ? "[" + remoteIp + "]:" + remotePort : remoteIp + ":" + remotePort;
        }

        boolean reliable() {
            return !transport.equals("UDP");
        }
    }

    private final DeviceRegistry devices;
    private final AlarmWriter writer;
    private final IngestMetrics ingestMetrics;
    private final ScaipMetrics metrics;
    private final Clock clock;
    private final String realm;
    private final MrsStyle defaultStyle;
    private final DigestNonces nonces;
    private final ScaipVoice voice;
    /** Refusals are logged once per source and minute, whatever the rate. */
    private final LogGate logGate = new LogGate(TimeUnit.MINUTES.toNanos(1), 10_000);

    public ScaipIngest(DeviceRegistry devices, AlarmWriter writer, IngestMetrics ingestMetrics, ScaipMetrics metrics,
                       Clock clock, String realm, MrsStyle defaultStyle, DigestNonces nonces, ScaipVoice voice) {
        this.devices = devices;
        this.writer = writer;
        this.ingestMetrics = ingestMetrics;
        this.metrics = metrics;
        this.clock = clock;
        this.realm = realm;
        this.defaultStyle = defaultStyle;
        this.nonces = nonces;
        this.voice = voice;
    }

    /** Handles one request; the future completes with the answer once any storing is done. */
    public Future<ScaipReply> handle(SipRequest request, Flow flow) {
        Future<ScaipReply> reply;
        try {
            reply = switch (request.method()) {
                case SipRequest.ACK -> Future.succeededFuture(ScaipReply.none(ScaipMetrics.Result.UNANSWERED));
                case SipRequest.OPTIONS -> Future.succeededFuture(options(request, flow));
                case SipRequest.MESSAGE -> message(request, flow);
                default -> Future.succeededFuture(sipError(request, flow, 405, SipHeaders.EMPTY
                        .with(SipHeaders.ALLOW, ALLOW), "method " + request.method() + " is not served here"));
            };
        } catch (RuntimeException e) {
            // a defect here must not take the receiver down; unanswered, the device retransmits
            LOG.error("event=scaip.ingest_error remote={}", flow.remote(), e);
            reply = Future.succeededFuture(ScaipReply.none(ScaipMetrics.Result.UNANSWERED));
        }
        return reply.andThen(ar -> metrics.request(request.method(),
                ar.succeeded() ? ar.result().result() : ScaipMetrics.Result.UNANSWERED));
    }

    /** The error response to a request that did not decode, when it can be answered: 400, 505 or 513. */
    public SipResponse malformed(SipDecodeResult decoded, Flow flow) {
        SipRequest r = decoded.answerable().orElse(null);
        if (r == null) {
            return null;
        }
        int status = decoded.failure() == SipDecodeFailure.UNSUPPORTED_VERSION ? 505
                : decoded.failure() == SipDecodeFailure.OVERSIZED ? 513 : 400;
        metrics.request(r.method(), ScaipMetrics.Result.SIP_ERROR);
        return SipResponses.to(r, status, SipResponses.randomToken(), flow.remoteIp(), flow.remotePort(),
                warning(decoded.failure() + ": " + decoded.detail()), null);
    }

    private ScaipReply options(SipRequest r, Flow flow) {
        SipHeaders h = SipHeaders.EMPTY.with(SipHeaders.ALLOW, ALLOW).with(SipHeaders.ACCEPT, CONTENT_TYPE);
        return new ScaipReply(SipResponses.to(r, 200, SipResponses.randomToken(), flow.remoteIp(), flow.remotePort(),
                h, null), null, ScaipMetrics.Result.OPTIONS, null, false);
    }

    private Future<ScaipReply> message(SipRequest r, Flow flow) {
        String type = mediaType(r.header(SipHeaders.CONTENT_TYPE));
        if (type != null && !ACCEPTED.contains(type)) {
            return Future.succeededFuture(sipError(r, flow, 415, SipHeaders.EMPTY.with(SipHeaders.ACCEPT, CONTENT_TYPE),
                    "body type " + type));
        }
        MrqDecodeResult decoded = MrqDecoder.decode(r.body());
        String cid = decoded.cid();
        DeviceRegistry.Entry device = cid == null ? null : devices.findScaip(cid);
        if (device != null && device.device().sipPassword() != null) {
            DigestAuth.Verdict verdict = DigestAuth.verify(DigestAuth.parse(r.header(SipHeaders.AUTHORIZATION)),
                    r.method(), realm, device.device().sipPassword(), nonces, clock.instant());
            if (verdict != DigestAuth.Verdict.VALID) {
                return Future.succeededFuture(challenge(r, flow, cid, verdict));
            }
        }
        MrsStyle style = device == null || device.device().mrsStyle() == null ? defaultStyle
                : device.device().mrsStyle();
        String proven = device == null ? null : device.device().account();
        if (!decoded.isSuccess()) {
            return Future.succeededFuture(refuse(r, flow, style, proven, decoded.ref(), decoded.status(),
                    decoded.detail(), cid));
        }
        Mrq m = decoded.mrq();
        if (device == null) {
            recordUnknown(cid, flow);
            return Future.succeededFuture(refuse(r, flow, style, null, m.ref(), ScaipStatus.NOT_TREATED,
                    "unknown controller", cid));
        }
        Instant now = clock.instant();
        ScaipEvent event = ScaipMapping.classify(m);
        if (event.heartbeat()) {
            writer.deviceSeen(proven, now, null);
            return Future.succeededFuture(answer(r, flow, style, proven, Mrs.of(m.ref(), ScaipStatus.OK, null),
                    ScaipMetrics.Result.OK, false));
        }
        ScaipNewAlarms.Data data = ScaipNewAlarms.data(m);
        if (data == null) {
            return Future.succeededFuture(refuse(r, flow, style, proven, m.ref(), ScaipStatus.TOO_LONG,
                    "the request does not fit the alarm's data columns", cid));
        }
        if (!event.understood()) {
            metrics.notUnderstood();
            LOG.warn("event=scaip.data_not_understood cid={} ref={} detail=\"{}\" raised_as=UNKNOWN", cid, m.ref(),
                    loggable(event.description()));
        }
        EventCategory category = event.understood() ? event.category() : EventCategory.UNKNOWN;
        // looked up beside the commit, awaited after it for at most ScaipVoice.BOUND
        ScaipVoice.Lookup voiceCall = voice.start(proven, category, m.crd(), now);
        return writer.store(ScaipNewAlarms.of(m, event, data, flow.source(), flow.remote(), now))
                .compose(stored -> {
                    if (stored.duplicate()) {
                        LOG.debug("event=alarm.retransmission alarm_id={} cid={} ref={}", stored.alarmId(), cid,
                                m.ref());
                    } else {
                        ingestMetrics.alarmStored(event.understood() ? event.category().name() : "UNKNOWN", "SCAIP");
                        LOG.info("event=alarm.stored alarm_id={} account={} ref={} category={} code={} source={}",
                                stored.alarmId(), cid, m.ref(), event.understood() ? event.category() : "UNKNOWN",
                                event.code(), flow.source());
                    }
                    return voiceCall.await().map(target -> answer(r, flow, style, proven,
                            committed(m.ref(), target, cid), ScaipMetrics.Result.OK, true));
                })
                .otherwise(e -> storeFailed(r, flow, cid, m.ref(), e));
    }

    /**
     * The {@code snu 0} of a committed alarm: with {@code cre 62} and {@code tnu} when the voice call goes to the
     * desk's phone, else without (the device follows its own configuration).
     */
    private static Mrs committed(String ref, VoiceCallTarget target, String cid) {
        Mrs ok = Mrs.of(ref, ScaipStatus.OK, null);
        LOG.debug("event=scaip.voice cid={} ref={} decision={} supplier={}", cid, ref, target.reason(),
                target.supplierId());
        return target.redirects() ? ok.withTransferredNumber(target.number()) : ok;
    }

    private ScaipReply storeFailed(SipRequest r, Flow flow, String cid, String ref, Throwable e) {
        LOG.error("event=scaip.unanswered reason=store_failed cid={} ref={} transport={} error=\"{}\"", cid, ref,
                flow.transport(), loggable(String.valueOf(e.getMessage())));
        if (!flow.reliable()) {
            return ScaipReply.none(ScaipMetrics.Result.UNANSWERED);
        }
        return new ScaipReply(SipResponses.to(r, 503, SipResponses.randomToken(), flow.remoteIp(), flow.remotePort(),
                SipHeaders.EMPTY.with(SipHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS)), null), null,
                ScaipMetrics.Result.SIP_ERROR, null, false);
    }

    private ScaipReply challenge(SipRequest r, Flow flow, String cid, DigestAuth.Verdict verdict) {
        boolean hadCredentials = r.header(SipHeaders.AUTHORIZATION) != null;
        if (hadCredentials && verdict == DigestAuth.Verdict.INVALID) {
            long held = logGate.admit("auth:" + flow.remoteIp(), System.nanoTime());
            if (held >= 0) {
                LOG.warn("event=scaip.auth_failed cid={} remote={} similar_not_logged={}", cid, flow.remote(), held);
            }
        }
        SipHeaders h = SipHeaders.EMPTY.with(SipHeaders.WWW_AUTHENTICATE,
                DigestAuth.challenge(realm, nonces.issue(clock.instant()), verdict == DigestAuth.Verdict.STALE));
        return new ScaipReply(SipResponses.to(r, 401, SipResponses.randomToken(), flow.remoteIp(), flow.remotePort(),
                h, null), null, ScaipMetrics.Result.CHALLENGED, null, false);
    }

    private ScaipReply refuse(SipRequest r, Flow flow, MrsStyle style, String proven, String ref, ScaipStatus status,
                              String detail, String cid) {
        metrics.refused(status.number());
        long held = logGate.admit("refused:" + flow.remoteIp(), System.nanoTime());
        if (held >= 0) {
            LOG.info("event=scaip.refused snu={} reason=\"{}\" cid={} ref={} remote={} similar_not_logged={}",
                    status.number(), loggable(detail), cid, ref, flow.remote(), held);
        }
        String ste = TextBounds.clip(status.text() + ": " + detail, MAX_STE);
        return answer(r, flow, style, proven, Mrs.of(ref, status, ste), ScaipMetrics.Result.REFUSED, false);
    }

    /** 200 OK and the {@code <mrs>}, in its body or in a MESSAGE after it. */
    private ScaipReply answer(SipRequest r, Flow flow, MrsStyle style, String proven, Mrs mrs,
                              ScaipMetrics.Result result, boolean alarm) {
        String tag = SipResponses.randomToken();
        if (style == MrsStyle.BODY) {
            return new ScaipReply(SipResponses.to(r, 200, tag, flow.remoteIp(), flow.remotePort(),
                    SipHeaders.EMPTY.with(SipHeaders.CONTENT_TYPE, CONTENT_TYPE), mrs.encode()), null, result, proven,
                    alarm);
        }
        return new ScaipReply(SipResponses.to(r, 200, tag, flow.remoteIp(), flow.remotePort(), null, null),
                mrsMessage(r, flow, mrs), result, proven, alarm, mrs.ref());
    }

    /**
     * The receiver's own MESSAGE carrying the {@code <mrs>}: to the device's Contact (else its From URI), on the flow
     * the request came on, from the address the device wrote to. It is a request of its own (new branch, our From
     * tag) but keeps the Call-ID of the device's request, so that a device, or a tool such as SIPp that files
     * messages by Call-ID, relates the answer to its request; SCAIP itself matches them by {@code ref}.
     */
    static SipRequest mrsMessage(SipRequest r, Flow flow, Mrs mrs) {
        NameAddr from = NameAddr.parse(r.header(SipHeaders.FROM));
        NameAddr contact = NameAddr.parse(r.header(SipHeaders.CONTACT));
        NameAddr to = NameAddr.parse(r.header(SipHeaders.TO));
        String localHost = wildcard(flow.localHost()) ? uriHost(r.requestUri(), flow.localHost()) : flow.localHost();
        String local = hostPort(localHost, flow.localPort());
        String target = contact != null && contact.uri().regionMatches(true, 0, "sip", 0, 3) ? contact.uri()
                : from != null ? from.uri() : "sip:" + flow.remote();
        String self = to != null ? to.uri() : "sip:alarm@" + local;
        SipHeaders h = SipHeaders.EMPTY
                .with(SipHeaders.VIA, "SIP/2.0/" + flow.transport() + " " + local + ";branch=" + Via.MAGIC_COOKIE
                        + SipResponses.randomToken() + ";rport")
                .with(SipHeaders.MAX_FORWARDS, "70")
                .with(SipHeaders.FROM, "<" + self + ">;tag=" + SipResponses.randomToken())
                .with(SipHeaders.TO, "<" + (from != null ? from.uri() : target) + ">")
                .with(SipHeaders.CALL_ID, r.callId())
                .with(SipHeaders.CSEQ, "1 MESSAGE")
                .with(SipHeaders.USER_AGENT, "Vagtcentral")
                .with(SipHeaders.CONTENT_TYPE, CONTENT_TYPE);
        return new SipRequest(SipRequest.MESSAGE, target, h, mrs.encode());
    }

    private ScaipReply sipError(SipRequest r, Flow flow, int status, SipHeaders extra, String detail) {
        SipHeaders h = extra;
        for (SipHeaders.Field f : warning(detail).fields()) {
            h = h.with(f.name(), f.value());
        }
        return new ScaipReply(SipResponses.to(r, status, SipResponses.randomToken(), flow.remoteIp(),
                flow.remotePort(), h, null), null, ScaipMetrics.Result.SIP_ERROR, null, false);
    }

    /** A Warning header (RFC 3261 §20.43, code 399 "miscellaneous") telling the device what was wrong. */
    private static SipHeaders warning(String detail) {
        return SipHeaders.EMPTY.with("Warning", "399 vagtcentral \"" + loggable(detail) + "\"");
    }

    private void recordUnknown(String cid, Flow flow) {
        long held = logGate.admit("unknown:" + flow.remoteIp(), System.nanoTime());
        if (held >= 0) {
            LOG.warn("event=scaip.unknown_device cid={} remote={} similar_not_logged={}", cid, flow.remote(), held);
        }
        writer.recordUnknownDevice(new AlarmWriter.UnknownDeviceEvent(cid, clock.instant(), flow.source(),
                flow.remote(), ScaipNewAlarms.MESSAGE_ID, "unknown controller (SCAIP)"));
    }

    /** {@code application/scaip+xml} from {@code Application/SCAIP+XML; charset=utf-8}; null when absent. */
    static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** The host of a SIP URI ({@code sip:user@host:port;params}), or {@code fallback}. */
    static String uriHost(String uri, String fallback) {
        String u = uri;
        int colon = u.indexOf(':');
        int at = u.indexOf('@');
        String rest = at >= 0 ? u.substring(at + 1) : colon >= 0 ? u.substring(colon + 1) : u;
        int end = rest.length();
        for (char c : new char[]{';', '?', '>'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String hostPort = rest.substring(0, end);
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close > 0 ? hostPort.substring(1, close) : fallback;
        }
        int c = hostPort.indexOf(':');
        String host = c < 0 ? hostPort : hostPort.substring(0, c);
        return host.isEmpty() ? fallback : host;
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Text from a sender as it may go into a log line or a header: one line, bounded, no quotes or backslashes. */
    static String loggable(String text) {
        return TextBounds.clip(text.replaceAll("[\\p{Cntrl}]", " ").replace('"', '\'').replace('\\', '/'), 200);
    }
}
