package dk.vagtcentral.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.server.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConnectionBudgetTest {
    @Test
    void derivedCapsShareWhatTheReserveLeaves() {
        ConnectionBudget b = ConnectionBudget.of(20_000, 512, 0, 0);
        assertThat(b.dc09()).isEqualTo(14_616);
        assertThat(b.http()).isEqualTo(19_488 - 14_616);
    }

    @Test
    void aConfiguredCapIsTakenAndTheOtherGetsTheRest() {
        ConnectionBudget b = ConnectionBudget.of(20_000, 512, 1_000, 0);
        assertThat(b.dc09()).isEqualTo(1_000);
        assertThat(b.http()).isEqualTo(18_488);
    }

    @Test
    void capsBeyondTheDescriptorsAreAStartupErrorNamingTheKey() {
        assertThatThrownBy(() -> ConnectionBudget.of(1_024, 512, 600, 0))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dc09.max-connections");
        assertThatThrownBy(() -> ConnectionBudget.of(600, 599, 0, 0))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connections.descriptor-reserve");
    }

    @Test
    void thisProcessHasALimit() {
        assertThat(ConnectionBudget.processDescriptorLimit()).isPositive();
    }
}
