package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.protocol.event.EventCategory;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device supervision: a device silent longer than its supervision interval gets a TECHNICAL "no contact" alarm
 * (SIA YS, communications trouble), stored and routed like any alarm, so it reaches the supplier's desk without a
 * response window. One alarm per silence: hearing from the device again re-arms it.
 */
public final class SupervisionMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisionMonitor.class);
    static final String EVENT_CODE = "YS";

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

    /** Raises "no contact" for every device overdue at {@code now}; returns how many. Blocking. */
    public int check(Instant now) throws Exception {
        int count = 0;
        for (DeviceStore.Supervised d : devices.overdue(now)) {
            Duration silent = Duration.between(d.lastHeard(), now);
            String text = "No contact: nothing heard from the device since " + d.lastHeard() + " ("
                    + silent.toMinutes() + " min; supervision interval " + d.interval() + ")";
            // one key per silence, so a crash between storing and marking cannot raise it twice
            String key = "no-contact-" + d.lastHeard().getEpochSecond();
            NewAlarm alarm = new NewAlarm(d.account(), AlarmSource.SUPERVISION, "SUPERVISION", null,
                    EVENT_CODE, null, EventCategory.TECHNICAL, EVENT_CODE, null, null, null, EVENT_CODE, text, null,
                    now, false, null, key, RetransmissionKeys.forApi(d.account(), key),
                    "raised by device supervision: " + text);
            AlarmWriter.StoreResult r = writer.store(alarm).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            devices.markNoContactRaised(d.account(), now);
            if (!r.duplicate()) {
                raised.increment();
                count++;
                LOG.info("event=supervision.no_contact account={} alarm_id={} silent_s={} interval={}", d.account(),
                        r.alarmId(), silent.toSeconds(), d.interval());
            }
        }
        return count;
    }

    /** {@link #check} for a periodic timer: logs instead of throwing. */
    public void checkQuietly(Instant now) {
        try {
            check(now);
        } catch (SQLException e) {
            LOG.error("event=supervision.check_failed error=\"{}\"", e.getMessage());
        } catch (Exception e) {
            LOG.error("event=supervision.check_failed error=\"{}\"", e.toString());
        }
    }
}
