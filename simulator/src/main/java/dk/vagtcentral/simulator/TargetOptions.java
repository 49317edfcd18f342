package dk.vagtcentral.simulator;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the devices of {@code send} and {@code load} send and how ({@code --host}, {@code --port},
 * {@code --protocol}, {@code --transport}): a picocli mixin, so the options are declared once and read the same in
 * both commands.
 */
final class TargetOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "receiver host (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", paramLabel = "PORT", required = true, description = "receiver port (required)")
    int port;

    @Option(names = "--protocol", paramLabel = "P", defaultValue = "dc09",
            description = "dc09 | scaip (default ${DEFAULT-VALUE})")
    Protocol protocol;

    @Option(names = "--transport", paramLabel = "T", defaultValue = "tcp",
            description = "tcp | tcp-oneshot | udp (default ${DEFAULT-VALUE}); scaip: tcp | udp")
    Transport transport;

    /** The usage error for an option of the protocol not chosen, e.g. "--zone does not apply with --protocol scaip". */
    void refuseOptionsOfTheOtherProtocol(List<String> dc09Only, List<String> scaipOnly) {
        SimulatorCommand.of(command).refuseGiven(protocol == Protocol.SCAIP ? dc09Only : scaipOnly,
                "does not apply with --protocol " + protocol);
    }
}
