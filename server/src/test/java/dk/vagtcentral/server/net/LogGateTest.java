package dk.vagtcentral.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogGateTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void oneLinePerSourceAndIntervalCountingWhatWasHeldBack() {
        LogGate gate = new LogGate(SECOND, 100);
        assertThat(gate.admit("127.0.0.2", 0)).isZero();
        assertThat(gate.admit("127.0.0.2", SECOND / 2)).isEqualTo(-1);
        assertThat(gate.admit("127.0.0.2", SECOND / 2 + 1)).isEqualTo(-1);
        assertThat(gate.admit("127.0.0.3", SECOND / 2)).isZero();
        assertThat(gate.admit("127.0.0.2", SECOND)).isEqualTo(2);
    }

    @Test
    void staysBoundedUnderManySources() {
        LogGate gate = new LogGate(SECOND, 1_000);
        for (int i = 0; i < 100_000; i++) {
            gate.admit("source-" + i, i);
        }
        assertThat(gate.tracked()).isLessThanOrEqualTo(1_000);
    }
}
