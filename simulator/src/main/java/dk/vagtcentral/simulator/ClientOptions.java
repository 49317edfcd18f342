package dk.vagtcentral.simulator;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How the shared client of many devices in {@code load} and {@code storm} delivers ({@code --attempts},
 * {@code --deadline}, {@code --io-threads}): a picocli mixin, declared and checked once for both. ({@code send}
 * has its own {@code --attempts} and {@code --deadline}: one message, other defaults.)
 */
final class ClientOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--attempts", paramLabel = "N", defaultValue = "10",
            description = "transmissions per message at most, 1-1000 (default ${DEFAULT-VALUE})")
    int attempts;

    @Option(names = "--deadline", paramLabel = "D", defaultValue = "60s",
            description = "per-message deadline (default ${DEFAULT-VALUE})")
    Duration deadline;

    @Option(names = "--io-threads", paramLabel = "N", description = "client event-loop threads, 1-256 (default: CPUs)")
    Integer ioThreads;

    /** --attempts, 1-1000; otherwise the usage error. */
    int maxAttempts() {
        return SimulatorCommand.of(command).within("--attempts", attempts, 1, 1000);
    }

    /** --io-threads, 1-256, or 0 (one a CPU) when not given; otherwise the usage error. */
    int ioThreads() {
        return SimulatorCommand.of(command).eventLoops("--io-threads", ioThreads);
    }
}
