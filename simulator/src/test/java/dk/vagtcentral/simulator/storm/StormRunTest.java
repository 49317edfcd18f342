package dk.vagtcentral.simulator.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.vagtcentral.protocol.dc09.Dc09Message;
import dk.vagtcentral.simulator.abuse.TestReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StormRunTest {

    @Test
    void supervisionBurstAndEmergenciesAreSentAndMeasuredApart() throws Exception {
        try (TestReceiver server = TestReceiver.acking()) {
            StormConfig cfg = StormConfig.defaults("127.0.0.1", server.port()).withDevices(2000).withConnections(4)
                    .withNullInterval(Duration.ofSeconds(2)).withBurstFraction(0.3).withBurstAt(Duration.ofMillis(500))
                    .withBurstWindow(Duration.ofSeconds(1)).withEmergencyFraction(0.01).withDuration(Duration.ofSeconds(3))
                    .withIoThreads(1);
            Instant before = Instant.now();
            StormRun storm = new StormRun(cfg);
            storm.start();
            StormReport r = storm.awaitEnd();

            StormReport.KindFigures e = r.of(StormKind.EMERGENCY);
            StormReport.KindFigures restores = r.of(StormKind.POWER_RESTORE);
            StormReport.KindFigures nulls = r.of(StormKind.SUPERVISION);
            assertEquals(20, e.scheduled(), r.format());
            assertEquals(20, e.acked(), r.format());
            assertEquals(600, restores.scheduled());
            assertEquals(600, restores.acked());
            assertTrue(Math.abs(nulls.scheduled() - 3000) <= 1, "every device every 2 s for 3 s: " + nulls.scheduled());
            assertEquals(nulls.scheduled(), nulls.acked());
            assertEquals(20, e.fromDue().count());
            assertEquals(600 + nulls.acked(), r.rest().count(), "the rest: restores and supervision, not emergencies");
            assertTrue(r.format().startsWith("storm: "), r.format());

            List<AckedEmergency> acked = storm.ackedEmergencies();
            assertEquals(20, acked.size());
            for (AckedEmergency a : acked) {
                assertTrue(!a.ackedAt().isBefore(before) && !a.ackedAt().isAfter(Instant.now()), a.toString());
                assertEquals("#" + a.account() + "|NQA001", a.data());
            }

            Set<String> pressed = new HashSet<>();
            Set<String> restored = new HashSet<>();
            int nullFrames = 0;
            for (Dc09Message m : server.received) {
                long account = Long.parseLong(m.account(), 16);
                assertTrue(account >= 0x100000 && account < 0x100000 + 2000, m.account());
                if (m.isNull()) {
                    nullFrames++;
                } else if (m.data().endsWith("|NAR000")) {
                    assertTrue(restored.add(m.account()), "one restore per device");
                } else {
                    assertEquals("#" + m.account() + "|NQA001", m.data());
                    assertTrue(pressed.add(m.account()), "one press per device");
                }
            }
            assertEquals(600, restored.size());
            assertEquals(20, pressed.size());
            Set<String> both = new HashSet<>(pressed);
            both.retainAll(restored);
            assertTrue(both.isEmpty(), "the pressing devices are not the restoring ones: " + both);
            assertEquals(nulls.sent(), nullFrames);
        }
    }

    @Test
    void theDefaultAccountsKeepClearOfTheDemo() {
        StormConfig cfg = StormConfig.defaults("127.0.0.1", 7111);
        assertEquals("100000-11869F", cfg.accounts().toString(), "100,000 devices");
        assertEquals(100_000, cfg.accounts().size());
        long first = cfg.accounts().first();
        long last = cfg.accounts().last();
        assertTrue(first > 0x2002 || last < 0x1000, "clear of the demo's 1000-10FF and 2000-2002");
        assertEquals(30_000, cfg.burstDevices());
        assertEquals(1_000, cfg.emergencyDevices());
    }
}
