package dk.vagtcentral.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class Dc09ConnectionsTest {
    private static final long S = 1_000_000_000L;
    private final Dc09Connections<String> table = new Dc09Connections<>(new Dc09Connections.Limits(4, 2, 2,
            Duration.ofSeconds(10), Duration.ofMinutes(5)));

    @Test
    void aConnectionThatDoesNotSpeakInTimeIsClosedOneThatSpokeStays() {
        table.opened("silent", "10.0.0.1", 0);
        table.opened("device", "10.0.0.2", 0);
        table.frame("device", "1234", null, 3 * S);

        assertThat(table.expired(9 * S)).isEmpty();
        assertThat(table.expired(10 * S)).containsOnlyKeys("silent")
                .containsEntry("silent", Dc09Connections.Reason.PRE_AUTH_TIMEOUT);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.expired(3 * S + 299 * S)).isEmpty();
        assertThat(table.expired(3 * S + 300 * S)).containsEntry("device", Dc09Connections.Reason.IDLE_TIMEOUT);
    }

    @Test
    void aFrameThatProvesNoAccountDoesNotCountAsSpeaking() {
        table.opened("c", "10.0.0.1", 0);
        table.frame("c", null, null, 5 * S);
        assertThat(table.hasSpoken("c")).isFalse();
        assertThat(table.expired(10 * S)).containsOnlyKeys("c");
    }

    @Test
    void aSupervisedDeviceKeepsItsConnectionForTwiceItsInterval() {
        table.opened("c", "10.0.0.1", 0);
        table.frame("c", "1234", Duration.ofHours(1), 0);
        assertThat(table.expired(Duration.ofMinutes(119).toNanos())).isEmpty();
        assertThat(table.expired(Duration.ofMinutes(120).toNanos())).containsOnlyKeys("c");
    }

    @Test
    void oneAddressHoldsFewSilentConnectionsButAnyNumberThatSpoke() {
        assertThat(table.opened("a", "10.0.0.1", 0).refused()).isNull();
        assertThat(table.opened("b", "10.0.0.1", 0).refused()).isNull();
        assertThat(table.opened("c", "10.0.0.1", 0).refused()).isEqualTo(Dc09Connections.Reason.SOURCE_CAP);
        table.frame("a", "1000", null, S);
        table.frame("b", "1001", null, S);
        // devices behind one NAT address: once spoken they no longer count against the address
        assertThat(table.opened("c", "10.0.0.1", S).refused()).isNull();
        assertThat(table.opened("d", "10.0.0.1", S).refused()).isNull();
        assertThat(table.size()).isEqualTo(4);
    }

    @Test
    void atTheCapTheOldestSilentConnectionGivesWay() {
        table.opened("device", "10.0.0.1", 0);
        table.frame("device", "1234", null, 0);
        table.opened("old", "10.0.0.2", 1);
        table.opened("mid", "10.0.0.3", 2);
        table.opened("young", "10.0.0.4", 3);

        Dc09Connections.Admission<String> fresh = table.opened("fresh", "10.0.0.5", 4);

        assertThat(fresh.refused()).isNull();
        assertThat(fresh.evict()).containsExactly("old");
        assertThat(table.size()).isEqualTo(4);
        assertThat(table.hasSpoken("device")).isTrue();
    }

    @Test
    void atTheCapWithEveryConnectionSpokenANewOneIsRefused() {
        for (String c : List.of("a", "b", "c", "d")) {
            table.opened(c, "10.0.0." + c.charAt(0), 0);
            table.frame(c, "ACC" + c, null, 0);
        }
        assertThat(table.opened("e", "10.0.0.9", 1).refused()).isEqualTo(Dc09Connections.Reason.CAP);
        assertThat(table.size()).isEqualTo(4);
    }

    @Test
    void anAccountHoldsAtMostItsCapTheOldestGivesWay() {
        table.opened("first", "10.0.0.1", 0);
        table.opened("second", "10.0.0.1", 1);
        assertThat(table.frame("first", "1234", null, 2)).isEmpty();
        assertThat(table.frame("second", "1234", null, 3)).isEmpty();
        table.opened("third", "10.0.0.1", 4);
        assertThat(table.frame("third", "1234", null, 5)).containsExactly("first");
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void closedConnectionsAreForgottenEverywhere() {
        table.opened("a", "10.0.0.1", 0);
        table.opened("b", "10.0.0.1", 0);
        table.closed("a");
        table.closed("a");
        assertThat(table.opened("c", "10.0.0.1", 0).refused()).isNull();
        table.closed("b");
        table.closed("c");
        assertThat(table.size()).isZero();
        assertThat(table.unspoken()).isZero();
        assertThat(table.sources()).isZero();
    }
}
