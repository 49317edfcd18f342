package dk.vagtcentral.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.TestDatabases;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.DeviceBinding;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierChoice;
import dk.vagtcentral.server.domain.SupplierKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (two pools, two stores) on one PostgreSQL database make conflicting changes at the same moment: the
 * overlap checks must hold across them, not only inside one JVM. Node A is held between its checks and its write
 * (the store's test hook) while node B makes its change; without a lock in the database B would pass its checks too.
 */
class ReferenceOverlapAcrossNodesTest {
    static final Instant NOW = Instant.parse("2026-03-15T11:00:00Z");

    TestDatabases.Shared shared;
    ReferenceStore nodeA;
    ReferenceStore nodeB;

    @BeforeEach
    void twoNodes() throws Exception {
        shared = TestDatabases.postgres("vagtcentral_lease_admin");
        nodeA = new ReferenceStore(shared.open());
        nodeB = new ReferenceStore(shared.open());
        nodeA.create(ReferenceStore.MUNICIPALITIES, new Municipality("727", "Odder Kommune", "odder"), "t", NOW);
        for (String id : List.of("priv", "priv2")) {
            nodeA.create(ReferenceStore.SUPPLIERS, new Supplier(id, "727", "Privat Pleje " + id,
                    SupplierKind.PRIVATE_CARE, null), "t", NOW);
        }
        nodeA.create(ReferenceStore.CITIZENS, new Citizen("p-1", "727", "Ole", "Torvet 1", null,
                Citizen.Status.ACTIVE), "t", NOW);
        nodeA.create(ReferenceStore.CITIZENS, new Citizen("p-2", "727", "Eva", "Torvet 2", null,
                Citizen.Status.ACTIVE), "t", NOW);
    }

    @AfterEach
    void drop() {
        if (shared != null) {
            shared.close();
        }
    }

    /**
     * Runs {@code a} on node A and, once A has passed its checks, {@code b} on node B; A waits up to a second for B to
     * pass its own before writing. Returns whether each succeeded (a refusal is a 409, anything else fails the test).
     */
    boolean[] race(Callable<?> a, Callable<?> b) throws Exception {
        CountDownLatch aChecked = new CountDownLatch(1);
        CountDownLatch bChecked = new CountDownLatch(1);
        nodeA.afterChecks = () -> {
            aChecked.countDown();
            try {
                bChecked.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        nodeB.afterChecks = bChecked::countDown;
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> succeeds(a));
        assertThat(aChecked.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> succeeds(b));
        return new boolean[] {first.get(20, TimeUnit.SECONDS), second.get(20, TimeUnit.SECONDS)};
    }

    static boolean succeeds(Callable<?> change) {
        try {
            change.call();
            return true;
        } catch (ReferenceStore.Refused r) {
            assertThat(r.reason()).isEqualTo(ReferenceStore.Reason.CONFLICT);
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void twoOverlappingSupplierChoicesOfOneCitizenOnTwoNodes() throws Exception {
        boolean[] ok = race(
                () -> nodeA.create(ReferenceStore.CHOICES, new SupplierChoice("ch-a", "p-1", "priv",
                        LocalDate.parse("2026-04-01"), null), "visitator-a", NOW),
                () -> nodeB.create(ReferenceStore.CHOICES, new SupplierChoice("ch-b", "p-1", "priv2",
                        LocalDate.parse("2026-05-01"), null), "visitator-b", NOW));
        assertThat(ok).as("exactly one stored").containsExactly(true, false);
        assertThat(nodeB.choices("p-1")).extracting(s -> s.value().id()).containsExactly("ch-a");
    }

    @Test
    void oneAccountBoundToTwoCitizensAtOnceOnTwoNodes() throws Exception {
        boolean[] ok = race(
                () -> nodeA.create(ReferenceStore.BINDINGS, new ReferenceStore.BindingRow("b-a", new DeviceBinding(
                        "E500", "p-1", Instant.parse("2026-03-01T00:00:00Z"), null)), "a", NOW),
                () -> nodeB.create(ReferenceStore.BINDINGS, new ReferenceStore.BindingRow("b-b", new DeviceBinding(
                        "E500", "p-2", Instant.parse("2026-03-10T00:00:00Z"), null)), "b", NOW));
        assertThat(ok).containsExactly(true, false);
        assertThat(nodeA.bindings("E500", null)).extracting(s -> s.value().id()).containsExactly("b-a");
    }

    @Test
    void aSuspensionCannotSlipBetweenAChoicesCheckAndItsWrite() throws Exception {
        CountDownLatch aChecked = new CountDownLatch(1);
        AtomicBoolean suspendedMeanwhile = new AtomicBoolean();
        CompletableFuture<?>[] suspension = new CompletableFuture<?>[1];
        nodeA.afterChecks = () -> {
            aChecked.countDown();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            suspendedMeanwhile.set(suspension[0] != null && suspension[0].isDone());
        };
        CompletableFuture<Boolean> choice = CompletableFuture.supplyAsync(() -> succeeds(() -> nodeA.create(
                ReferenceStore.CHOICES, new SupplierChoice("ch-a", "p-1", "priv2", LocalDate.parse("2026-04-01"),
                        null), "visitator", NOW)));
        assertThat(aChecked.await(10, TimeUnit.SECONDS)).isTrue();
        suspension[0] = CompletableFuture.supplyAsync(() -> succeeds(() -> nodeB.update(ReferenceStore.SUPPLIERS,
                "priv2", null, s -> s.suspended(NOW, "konkursdekret afsagt"), ReferenceStore.Change.SUSPENDED,
                "admin", NOW, "konkursdekret afsagt")));
        assertThat(choice.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(suspendedMeanwhile).as("the suspension waited for the choice's transaction").isFalse();
        try {
            assertThat(suspension[0].get(20, TimeUnit.SECONDS)).isEqualTo(true);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }
}
