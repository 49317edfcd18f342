package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.cluster.Fence;
import dk.vagtcentral.server.cluster.LeaseLostException;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.store.AlarmWriter;
import dk.vagtcentral.server.store.DeviceStore;
import dk.vagtcentral.server.store.NewAlarm;
import dk.vagtcentral.server.store.RetransmissionKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device supervision: a device silent longer than its supervision interval gets a TECHNICAL "no contact" alarm
 * (SIA YS, communications trouble), stored and routed like any alarm, so it reaches the supplier's desk without a
 * response window. One alarm per silence: hearing from the device again re-arms it. Runs on the node that holds the
 * supervision lease; marking the alarms raised is fenced with it, and a raise that comes twice (two nodes around a
 * takeover) is one alarm, since the writer knows it by its key.
 */
public final class SupervisionMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisionMonitor.class);
    static final String EVENT_CODE = "YS";
    /** No-contact alarms handed to the writer at once: well inside its lane, so devices' own alarms keep room. */
    static final int CHUNK = 1_000;

    private final DeviceStore devices;
    private final AlarmWriter writer;
    private final Counter raised;

    public SupervisionMonitor(DeviceStore devices, AlarmWriter writer, MeterRegistry registry) {
        this.devices = devices;
        this.writer = writer;
        this.raised = Counter.builder("vagtcentral.supervision.no_contact")
                .description("No-contact alarms raised for devices silent past their supervision interval")
                .register(registry);
    }

    /**
     * Raises "no contact" for every device overdue at {@code now}; returns how many. Blocking. The alarms of a chunk
     * go to the writer together (one group commit for many, not one each: after a network outage every device is
     * overdue at once) and are marked raised together; an alarm that could not be stored is not marked, so the next
     * check raises it again. Stops before the next chunk once {@code fence} is known lost; marking is fenced.
     */
    public int check(Instant now, Fence fence) throws Exception {
        List<DeviceStore.Supervised> overdue = devices.overdue(now);
        int count = 0;
        int failed = 0;
        for (int from = 0; from < overdue.size() && fence.held(); from += CHUNK) {
            List<DeviceStore.Supervised> chunk = overdue.subList(from, Math.min(overdue.size(), from + CHUNK));
            List<CompletableFuture<AlarmWriter.StoreResult>> stored = new ArrayList<>();
            for (DeviceStore.Supervised d : chunk) {
                stored.add(writer.store(noContact(d, now)).toCompletionStage().toCompletableFuture());
            }
            List<String> marked = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                DeviceStore.Supervised d = chunk.get(i);
                AlarmWriter.StoreResult r;
                try {
                    r = stored.get(i).get(60, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    failed++;
                    LOG.error("event=supervision.no_contact_failed account={} error=\"{}\"", d.account(),
                            e.getCause() == null ? e.toString() : e.getCause().getMessage());
                    continue;
                }
                marked.add(d.account());
                if (!r.duplicate()) {
                    raised.increment();
                    count++;
                    LOG.info("event=supervision.no_contact account={} alarm_id={} silent_s={} interval={}",
                            d.account(), r.alarmId(), Duration.between(d.lastHeard(), now).toSeconds(), d.interval());
                }
            }
            devices.markNoContactRaised(marked, now, fence);
        }
        if (!overdue.isEmpty()) {
            LOG.info("event=supervision.checked overdue={} raised={} failed={}", overdue.size(), count, failed);
        }
        return count;
    }

    private static NewAlarm noContact(DeviceStore.Supervised d, Instant now) {
        Duration silent = Duration.between(d.lastHeard(), now);
        String text = "No contact: nothing heard from the device since " + d.lastHeard() + " ("
                + silent.toMinutes() + " min; supervision interval " + d.interval() + ")";
        // one key per silence, so a crash between storing and marking cannot raise it twice
        String key = "no-contact-" + d.lastHeard().getEpochSecond();
        return new NewAlarm(d.account(), AlarmSource.SUPERVISION, "SUPERVISION", null,
                EVENT_CODE, null, EventCategory.TECHNICAL, EVENT_CODE, null, null, null, EVENT_CODE, text, null,
                now, false, null, key, RetransmissionKeys.forApi(d.account(), key),
                "raised by device supervision: " + text);
    }

    /** {@link #check} for a periodic timer: logs instead of throwing. */
    public void checkQuietly(Instant now, Fence fence) {
        try {
            check(now, fence);
        } catch (LeaseLostException e) {
            throw e; // the runner stops the job on this node
        } catch (SQLException e) {
            LOG.error("event=supervision.check_failed error=\"{}\"", e.getMessage());
        } catch (Exception e) {
            LOG.error("event=supervision.check_failed error=\"{}\"", e.toString());
        }
    }
}
