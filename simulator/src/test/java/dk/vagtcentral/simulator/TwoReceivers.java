package dk.vagtcentral.simulator;

import dk.vagtcentral.protocol.dc09.KeyResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two in-JVM DC-09 receivers for failover tests, each with a behaviour the test can change while it
 * runs: ACK everything, stay silent, or close the connection. Loopback only.
 */
final class TwoReceivers implements AutoCloseable {
    enum Behaviour {
        ACK((frame, index) -> frame.isSuccess() ? List.of(frame.message().ack(Instant.now())) : List.of()),
        SILENT((frame, index) -> List.of()),
        CLOSE((frame, index) -> null);

        final FakeReceiver.Policy policy;

        Behaviour(FakeReceiver.Policy policy) {
            this.policy = policy;
        }
    }

    final AtomicReference<Behaviour> primaryBehaviour = new AtomicReference<>(Behaviour.ACK);
    final AtomicReference<Behaviour> secondaryBehaviour = new AtomicReference<>(Behaviour.ACK);
    final FakeReceiver primary;
    final FakeReceiver secondary;

    TwoReceivers() {
        primary = new FakeReceiver(KeyResolver.NONE, (f, i) -> primaryBehaviour.get().policy.replies(f, i));
        secondary = new FakeReceiver(KeyResolver.NONE, (f, i) -> secondaryBehaviour.get().policy.replies(f, i));
    }

    /** A loopback port with nothing listening: connects to it are refused. */
    static int refusingPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        primary.close();
        secondary.close();
    }
}
