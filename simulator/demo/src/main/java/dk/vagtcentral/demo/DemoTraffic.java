package dk.vagtcentral.demo;

import dk.vagtcentral.server.demo.DemoDevices;
import dk.vagtcentral.server.store.Device;
import dk.vagtcentral.simulator.DeviceProfile;
import dk.vagtcentral.simulator.Dc09Client;
import dk.vagtcentral.simulator.EventKind;
import dk.vagtcentral.simulator.SimulatedDevice;
import dk.vagtcentral.simulator.Transport;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's live traffic: a trickle of alarms from the demo devices, sent as real DC-09 frames over
 * loopback to the server's receiver — pendant presses, fire alarms, periodic tests and link
 * supervision, some of them encrypted — so the whole ingest path can be watched.
 */
public final class DemoTraffic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

    private final Vertx vertx;
    private final Dc09Client client;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final Duration meanInterval;
    private long timer = -1;

    public DemoTraffic(Vertx vertx, String host, int port, Duration meanInterval) {
        this.vertx = vertx;
        this.meanInterval = meanInterval;
        this.client = Dc09Client.builder(host, port).transport(Transport.TCP).connections(2)
                .ackTimeout(Duration.ofSeconds(2)).deadline(Duration.ofSeconds(60)).build();
        for (Device d : DemoDevices.all()) {
            DeviceProfile profile = DeviceProfile.of(d.account());
            if (d.aesKeyHex() != null) {
                profile = profile.withKeyHex(d.aesKeyHex());
                client.registerKey(profile);
            }
            SimulatedDevice device = new SimulatedDevice(profile);
            // a restarted demo must not repeat the last run's (account, sequence, data) inside the
            // receiver's retransmission window, or its alarms would be taken for retransmissions
            device.setNextSequence(1 + ThreadLocalRandom.current().nextInt(SimulatedDevice.MAX_SEQUENCE));
            devices.add(device);
        }
    }

    public void start() {
        scheduleNext();
        LOG.info("event=demo.traffic_started devices={} mean_interval={}", devices.size(), meanInterval);
    }

    private void scheduleNext() {
        long mean = meanInterval.toMillis();
        long delay = Math.max(50, (long) (-Math.log(1 - ThreadLocalRandom.current().nextDouble()) * mean));
        timer = vertx.setTimer(delay, id -> {
            sendOne();
            scheduleNext();
        });
    }

    private void sendOne() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        SimulatedDevice device = devices.get(random.nextInt(devices.size()));
        int roll = random.nextInt(100);
        EventKind kind = roll < 50 ? EventKind.EMERGENCY : roll < 60 ? EventKind.FIRE : roll < 85 ? EventKind.TEST : EventKind.NULL;
        client.send(device, kind).whenComplete((result, error) -> {
            if (error != null) {
                LOG.warn("event=demo.send_failed account={} error=\"{}\"", device.account(), error.getMessage());
            } else {
                LOG.debug("event=demo.sent account={} kind={} outcome={}", device.account(), kind, result.outcome());
            }
        });
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        client.close();
    }
}
