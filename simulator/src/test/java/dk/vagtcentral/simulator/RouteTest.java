package dk.vagtcentral.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The failover decisions of one device, on a clock the test advances. */
class RouteTest {
    private static final long SECOND = 1_000_000_000L;
    private final FailoverLog log = new FailoverLog();

    private Route route(boolean secondary) {
        return new Route("1000", secondary, 60 * SECOND, log);
    }

    @Test
    void withoutASecondaryTheDeviceStaysOnThePrimary() {
        Route r = route(false);
        assertFalse(r.failed(Receiver.PRIMARY, 5 * SECOND, 0));
        assertEquals(Receiver.PRIMARY, r.target(100 * SECOND));
        assertEquals(0, log.failovers());
    }

    @Test
    void aFailedPrimarySwitchesToTheSecondaryUntilFailbackAfter() {
        Route r = route(true);
        assertTrue(r.failed(Receiver.PRIMARY, 10 * SECOND, 9 * SECOND));
        assertEquals(Receiver.SECONDARY, r.target(10 * SECOND));
        assertEquals(Receiver.SECONDARY, r.target(69 * SECOND), "59 s on the secondary: not yet back");
        assertEquals(0, log.failbacks());
        assertEquals(Receiver.PRIMARY, r.target(70 * SECOND), "60 s on the secondary: back to the primary");
        assertEquals(1, log.failovers());
        assertEquals(1, log.failbacks());
        assertEquals(new FailoverLog.DeviceFailovers("1000", 1, 1, 0), log.device("1000"));
    }

    @Test
    void aFailedSecondarySendsTheDeviceBackAtOnce() {
        Route r = route(true);
        r.failed(Receiver.PRIMARY, 10 * SECOND, 0);
        assertTrue(r.failed(Receiver.SECONDARY, 12 * SECOND, 0));
        assertEquals(Receiver.PRIMARY, r.target(12 * SECOND));
        assertEquals(1, log.failbacks());
    }

    @Test
    void aLateFailureOfTheReceiverAlreadyLeftChangesNothing() {
        Route r = route(true);
        r.failed(Receiver.PRIMARY, 10 * SECOND, 0);
        assertFalse(r.failed(Receiver.PRIMARY, 11 * SECOND, 0));
        assertEquals(Receiver.SECONDARY, r.target(11 * SECOND));
        assertEquals(1, log.failovers());
    }

    @Test
    void theGapRunsFromTheLastPrimaryAckToTheFirstSecondaryAck() {
        Route r = route(true);
        r.acked(Receiver.PRIMARY, 3 * SECOND);
        r.acked(Receiver.PRIMARY, 5 * SECOND);
        r.failed(Receiver.PRIMARY, 8 * SECOND, 6 * SECOND);
        r.acked(Receiver.SECONDARY, 9 * SECOND);
        r.acked(Receiver.SECONDARY, 10 * SECOND); // not a second gap
        FailoverLog.GapSummary gaps = log.gapSummary();
        assertEquals(1, gaps.count());
        assertEquals(Duration.ofSeconds(4), gaps.max());
    }

    @Test
    void withoutAnyPrimaryAckTheGapStartsWhenTheDeviceBeganTrying() {
        Route r = route(true);
        r.failed(Receiver.PRIMARY, 8 * SECOND, 6 * SECOND);
        r.acked(Receiver.SECONDARY, 9 * SECOND);
        assertEquals(Duration.ofSeconds(3), log.gapSummary().min());
    }

    @Test
    void aFailbackBeforeTheSecondaryAckedMeasuresNoGap() {
        Route r = route(true);
        r.failed(Receiver.PRIMARY, 8 * SECOND, 6 * SECOND);
        r.failed(Receiver.SECONDARY, 9 * SECOND, 6 * SECOND);
        r.acked(Receiver.PRIMARY, 10 * SECOND);
        assertNull(log.gapSummary());
    }

    @Test
    void gapSummaryGivesMinMedianMax() {
        for (long gap : new long[] {5, 1, 3, 9}) {
            log.gap("1000", gap * SECOND);
        }
        FailoverLog.GapSummary s = log.gapSummary();
        assertEquals(new FailoverLog.GapSummary(4, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(9)), s);
    }
}
