package dk.vagtcentral.demo;

import dk.vagtcentral.server.demo.DemoDevices;
import dk.vagtcentral.server.store.Device;
import dk.vagtcentral.simulator.DeviceProfile;
import dk.vagtcentral.simulator.Dc09Client;
import dk.vagtcentral.simulator.EventKind;
import dk.vagtcentral.simulator.Protocol;
import dk.vagtcentral.simulator.ScaipDevice;
import dk.vagtcentral.simulator.ScaipKind;
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
 * The demo's live traffic: a trickle of alarms from the demo devices, sent over loopback to the server's receivers —
 * DC-09 frames (pendant presses, fire alarms, periodic tests and link supervision, some of them encrypted) and, when
 * the SCAIP receiver runs, SIP MESSAGEs from the SCAIP carephones (presses, falls, smoke, tests, heartbeats, low
 * batteries, resets) — so the whole ingest path can be watched.
 */
public final class DemoTraffic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

    private final Vertx vertx;
    private final Dc09Client client;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final Dc09Client scaipClient;
    private final List<ScaipDevice> carephones = new ArrayList<>();
    private final Duration meanInterval;
    private long timer = -1;

    /** @param scaipPort the SCAIP receiver's port, or -1 when it is off (then DC-09 only) */
    public DemoTraffic(Vertx vertx, String host, int port, int scaipPort, Duration meanInterval) {
        this.vertx = vertx;
        this.meanInterval = meanInterval;
        this.client = Dc09Client.builder(host, port).transport(Transport.TCP).connections(2)
                .ackTimeout(Duration.ofSeconds(2)).deadline(Duration.ofSeconds(60)).build();
        this.scaipClient = scaipPort <= 0 ? null : Dc09Client.builder(host, scaipPort).protocol(Protocol.SCAIP)
                .transport(Transport.UDP).connections(2).ackTimeout(Duration.ofSeconds(4))
                .deadline(Duration.ofSeconds(60)).build();
        for (Device d : DemoDevices.all()) {
            if (d.protocol() == Device.Protocol.SCAIP) {
                carephones.add(ScaipDevice.of(d.account()).withCallback("gsm:+4520" + d.account().substring(4)));
                continue;
            }
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
        LOG.info("event=demo.traffic_started dc09_devices={} scaip_devices={} mean_interval={}", devices.size(),
                scaipClient == null ? 0 : carephones.size(), meanInterval);
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
        if (scaipClient != null && random.nextInt(100) < 30) {
            sendScaip(random);
            return;
        }
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

    private void sendScaip(ThreadLocalRandom random) {
        ScaipDevice device = carephones.get(random.nextInt(carephones.size()));
        int roll = random.nextInt(100);
        ScaipKind kind = roll < 40 ? ScaipKind.BUTTON : roll < 50 ? ScaipKind.FALL : roll < 55 ? ScaipKind.SMOKE
                : roll < 65 ? ScaipKind.BATTERY_LOW : roll < 80 ? ScaipKind.TEST : roll < 95 ? ScaipKind.HEARTBEAT
                : ScaipKind.RESET;
        scaipClient.send(device, kind).whenComplete((result, error) -> {
            if (error != null) {
                LOG.warn("event=demo.send_failed cid={} error=\"{}\"", device.cid(), error.getMessage());
            } else {
                LOG.debug("event=demo.sent cid={} kind={} outcome={}", device.cid(), kind, result.outcome());
            }
        });
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        client.close();
        if (scaipClient != null) {
            scaipClient.close();
        }
    }
}
