package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.Dc09Ids;
import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.protocol.dc09.Dc09Outbound;
import dk.vagtcentral.protocol.dc09.DecodeFailure;
import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.protocol.event.EventData;
import dk.vagtcentral.protocol.event.TextBounds;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.domain.ClockCheck;
import dk.vagtcentral.server.net.LogGate;
import dk.vagtcentral.server.store.AlarmWriter;
import dk.vagtcentral.server.store.NewAlarm;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the reply to each decoded DC-09 frame, shared by the TCP and UDP receivers:
 * an alarm is ACKed only once the {@link AlarmWriter} has committed it; a stale timestamp gets a NAK
 * with our clock (a fire, emergency or unreadable alarm is still raised, marked clock-suspect); a frame that
 * arrived intact but cannot be handled — unknown account, unsupported id, data it cannot decrypt — gets DUH;
 * a damaged frame gets nothing, so the sender retransmits it.
 *
 * <p>An intact frame from a known device is never refused for its data: data this receiver does not
 * understand is stored whole as an UNKNOWN alarm (raised like an emergency), ACKed and counted
 * ({@code vagtcentral.dc09.data.not_understood}). Many devices do not retry a DUH, and a DUH'd emergency
 * is an emergency lost.
 *
 * <p>The futures complete on the caller's event loop (see {@link AlarmWriter#store}): the reply is built and
 * logged there and encoded by the transport, so the writer's thread only commits. A supervision message (NULL)
 * is answered at once: it records a sighting, not an alarm.
 */
public final class Dc09Ingest {
    private static final Logger LOG = LoggerFactory.getLogger(Dc09Ingest.class);
    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-F]{3,16}");
    /** How much of a sender's id token goes into a log line. */
    private static final int LOGGED_ID = 24;

    private final DeviceRegistry devices;
    private final AlarmWriter writer;
    private final ClockCheck clockCheck;
    private final IngestMetrics metrics;
    private final Clock clock;
    /** Unknown accounts and refusals are logged once per account and minute, whatever the rate of frames. */
    private final LogGate logGate = new LogGate(TimeUnit.MINUTES.toNanos(1), 10_000);

    public Dc09Ingest(DeviceRegistry devices, AlarmWriter writer, ClockCheck clockCheck, IngestMetrics metrics, Clock clock) {
        this.devices = devices;
        this.writer = writer;
        this.clockCheck = clockCheck;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Handles one decode result; the future completes with the reply once any storing is done. */
    public Future<Dc09Reply> handle(Dc09DecodeResult decoded, AlarmSource source, String remoteAddress) {
        Instant now = clock.instant();
        Future<Dc09Reply> reply;
        try {
            Dc09Message unparsed = decoded.isSuccess() ? null : fromKnownDeviceWithUnreadableTail(decoded);
            if (decoded.isSuccess()) {
                reply = handleMessage(decoded.message(), source, remoteAddress, now);
            } else if (unparsed != null) {
                metrics.decodeFailure(decoded.failure().name());
                long held = logGate.admit("tail:" + unparsed.account(), System.nanoTime());
                if (held >= 0) {
                    LOG.warn("event=dc09.tail_not_understood account={} seq={} reason={} detail=\"{}\" "
                                    + "raised_as=UNKNOWN similar_not_logged={}", unparsed.account(), unparsed.sequence(),
                            decoded.failure(), decoded.detail(), held);
                }
                reply = handleMessage(unparsed, source, remoteAddress, now);
            } else {
                reply = Future.succeededFuture(handleFailure(decoded, source, remoteAddress, now));
            }
        } catch (RuntimeException e) {
            // a defect here must not take the connection down; unanswered, the device retransmits
            LOG.error("event=dc09.ingest_error remote={}", remoteAddress, e);
            reply = Future.succeededFuture(Dc09Reply.none(IngestMetrics.Result.UNANSWERED,
                    decoded.isSuccess() ? decoded.message().id() : null));
        }
        return reply.andThen(ar -> {
            if (ar.succeeded()) {
                metrics.frame(ar.result().messageId(), ar.result().result());
            } else {
                metrics.frame(null, IngestMetrics.Result.UNANSWERED);
            }
        });
    }

    /**
     * An event from a registered device whose CRC and header are fine but whose data blocks or timestamp do not read:
     * intact, so it is an alarm — its tail is kept whole as the data (not understood, raised like an emergency) and
     * it is answered like any other. Null for anything else.
     */
    private Dc09Message fromKnownDeviceWithUnreadableTail(Dc09DecodeResult decoded) {
        Dc09Message h = decoded.replyableHeader().orElse(null);
        if (h == null || decoded.rawTail().isEmpty() || !Dc09Ids.EVENT_IDS.contains(h.id()) || h.isNull()
                || devices.findDc09(h.account()) == null) {
            return null;
        }
        return new Dc09Message(h.id(), h.encrypted(), h.sequence(), h.receiver(), h.linePrefix(), h.account(),
                TextBounds.clip(decoded.rawTail().get(), NewAlarm.RAW_DATA), List.of(), null);
    }

    private Dc09Reply handleFailure(Dc09DecodeResult decoded, AlarmSource source, String remote, Instant now) {
        metrics.decodeFailure(decoded.failure().name());
        Dc09Message header = decoded.replyableHeader().orElse(null);
        if (header == null) {
            LOG.debug("event=dc09.invalid reason={} detail=\"{}\" remote={}", decoded.failure(), decoded.detail(), remote);
            return Dc09Reply.none(IngestMetrics.Result.INVALID, null);
        }
        if (decoded.failure() == DecodeFailure.UNKNOWN_KEY && Dc09Ids.EVENT_IDS.contains(header.id())
                && devices.findDc09(header.account()) == null) {
            recordUnknown(header, header.account(), source, remote, now, "unknown account (encrypted message)");
        } else {
            long held = logGate.admit("duh:" + remote, System.nanoTime());
            if (held >= 0) {
                LOG.info("event=dc09.duh reason={} detail=\"{}\" id=\"{}\" account={} seq={} remote={} "
                                + "similar_not_logged={}", decoded.failure(), decoded.detail(), loggable(header.id()),
                        header.account(), header.sequence(), remote, held);
            }
        }
        return duh(header);
    }

    private Future<Dc09Reply> handleMessage(Dc09Message m, AlarmSource source, String remote, Instant now) {
        if (!Dc09Ids.EVENT_IDS.contains(m.id())) {
            long held = logGate.admit("id:" + remote, System.nanoTime());
            if (held >= 0) {
                LOG.info("event=dc09.duh reason=unsupported_id id=\"{}\" account={} seq={} remote={} "
                        + "similar_not_logged={}", loggable(m.id()), m.account(), m.sequence(), remote, held);
            }
            return Future.succeededFuture(duh(m));
        }
        // a NULL message's data block is parsed only for its account, when the header has none
        EventData.Result data = m.isNull() && m.account() != null ? null : EventData.parse(m.id(), m.data());
        String account = accountOf(m, data);
        DeviceRegistry.Entry device = devices.findDc09(account);
        if (device == null) {
            recordUnknown(m, account, source, remote, now, "unknown account");
            return Future.succeededFuture(duh(m));
        }
        if (device.encrypted() && !m.encrypted()) {
            long held = logGate.admit("plain:" + account, System.nanoTime());
            if (held >= 0) {
                LOG.warn("event=dc09.duh reason=encryption_required account={} remote={} similar_not_logged={}",
                        account, remote, held);
            }
            return Future.succeededFuture(duh(m));
        }
        ClockCheck.Result clockResult = clockCheck.check(m.timestamp(), now);
        boolean inWindow = clockResult.verdict() == ClockCheck.Verdict.ABSENT
                || clockResult.verdict() == ClockCheck.Verdict.IN_WINDOW;
        if (m.isNull()) {
            writer.deviceSeen(account, now, clockResult.driftMillis());
            return Future.succeededFuture(inWindow ? ack(m, device, now) : nak(m, account, now));
        }
        if (!data.understood()) {
            metrics.dataNotUnderstood(m.id());
            LOG.warn("event=dc09.data_not_understood account={} seq={} id={} reason=\"{}\" raised_as=UNKNOWN", account,
                    m.sequence(), m.id(), data.reason().replace('"', '\''));
        }
        EventCategory category = data.category();
        if (!inWindow) {
            boolean raise = clockResult.verdict() == ClockCheck.Verdict.DRIFTED && category.isLifeSafety();
            LOG.info("event=dc09.nak reason=timestamp verdict={} drift_ms={} account={} seq={} category={} raised={}",
                    clockResult.verdict(), clockResult.driftMillis(), account, m.sequence(), category, raise);
            if (!raise) {
                writer.deviceSeen(account, now, clockResult.driftMillis());
                return Future.succeededFuture(nak(m, account, now));
            }
            return writer.store(Dc09NewAlarms.of(m, account, data, source, remote, now, clockResult, true))
                    .map(stored -> {
                        logStored(stored, m, account, data, true);
                        return nak(m, account, now);
                    })
                    .otherwise(e -> storeFailed(m, account, e));
        }
        return writer.store(Dc09NewAlarms.of(m, account, data, source, remote, now, clockResult, false))
                .map(stored -> {
                    logStored(stored, m, account, data, false);
                    return ack(m, device, now);
                })
                .otherwise(e -> storeFailed(m, account, e));
    }

    /**
     * The header's account; when the header has none, the account in the data block ({@code R0001L0001[#072538|...}),
     * if it is a valid one.
     */
    private static String accountOf(Dc09Message m, EventData.Result data) {
        if (m.account() != null || data == null || data.blockAccount() == null) {
            return m.account();
        }
        return ACCOUNT.matcher(data.blockAccount()).matches() ? data.blockAccount() : null;
    }

    private void logStored(AlarmWriter.StoreResult stored, Dc09Message m, String account, EventData.Result data,
                           boolean clockSuspect) {
        if (stored.duplicate()) {
            LOG.debug("event=alarm.retransmission alarm_id={} account={} seq={}", stored.alarmId(), account, m.sequence());
        } else {
            metrics.alarmStored(data.category().name(), "DC09");
            LOG.info("event=alarm.stored alarm_id={} account={} seq={} category={} code={} clock_suspect={}",
                    stored.alarmId(), account, m.sequence(), data.category(),
                    data.primary().map(e -> e.code()).orElse("none"), clockSuspect);
        }
    }

    private void recordUnknown(Dc09Message m, String account, AlarmSource source, String remote, Instant now,
                               String reason) {
        long held = logGate.admit("unknown:" + remote, System.nanoTime());
        if (held >= 0) {
            LOG.warn("event=dc09.unknown_device account={} id={} remote={} similar_not_logged={}", account, m.id(),
                    remote, held);
        }
        writer.recordUnknownDevice(new AlarmWriter.UnknownDeviceEvent(account, now, source, remote,
                (m.encrypted() ? "*" : "") + m.id(), reason));
    }

    private Dc09Reply storeFailed(Dc09Message m, String account, Throwable e) {
        LOG.error("event=dc09.unanswered reason=store_failed account={} seq={} error=\"{}\"", account, m.sequence(),
                e.getMessage());
        return Dc09Reply.none(IngestMetrics.Result.UNANSWERED, m.id());
    }

    private static Dc09Reply ack(Dc09Message m, DeviceRegistry.Entry device, Instant now) {
        Dc09Message ack = m.ack(now);
        return new Dc09Reply(new Dc09Outbound(ack, ack.encrypted() ? device.key() : null), IngestMetrics.Result.ACK,
                m.id(), device.device().account());
    }

    private static Dc09Reply nak(Dc09Message m, String account, Instant now) {
        return new Dc09Reply(Dc09Outbound.plain(Dc09Message.nak(m.receiver(), m.linePrefix(), now)),
                IngestMetrics.Result.NAK, m.id(), account);
    }

    private static Dc09Reply duh(Dc09Message header) {
        return new Dc09Reply(Dc09Outbound.plain(header.duh()), IngestMetrics.Result.DUH, header.id(), null);
    }

    /** A sender's id token as it may go into a log line: clipped, without quotes or backslashes. */
    private static String loggable(String id) {
        return TextBounds.clip(id, LOGGED_ID).replace('"', '?').replace('\\', '?');
    }

}
