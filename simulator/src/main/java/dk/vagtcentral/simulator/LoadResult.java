package dk.vagtcentral.simulator;

import java.time.Instant;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a load run. Counts, throughput and latencies cover the messages scheduled in the
 * measured period (after warmup); {@link #ackedMessages()} lists every ACKed message of the run,
 * warmup included, for verification against the server.
 *
 * @param config           the settings
 * @param startedAt        wall-clock time the run started (warmup included)
 * @param measuredSeconds  length of the measured period
 * @param scheduled        messages generated in the measured period
 * @param sent             of those, transmitted at least once
 * @param acked            ACKed (DC-09 ACK; SCAIP {@code <mrs>} with snu 0)
 * @param naks             NAK replies received for them
 * @param duh              answered DUH (DC-09)
 * @param refused          answered with an {@code <mrs>} whose snu is not 0 (SCAIP; by snu in the client log)
 * @param challenges       digest challenges (401) answered (SCAIP)
 * @param failed           given up (attempts or deadline exhausted)
 * @param cancelled        never transmitted before the run ended
 * @param retransmissions  transmissions beyond each message's first
 * @param warmupMessages   messages generated during warmup (not in the figures)
 * @param throughput       ACKed messages per second of the measured period
 * @param latency          ACK latency from the scheduled send time (open model) or the first send (closed model)
 * @param serviceLatency   ACK latency from the first transmission
 * @param histogram        the latency histogram in microseconds
 * @param ackedMessages    every ACKed message, warmup included (empty when not kept)
 * @param failureSamples   a few failure descriptions
 * @param clientLog        the client's counters over the whole run (bad replies, disconnects...)
 */
public record LoadResult(LoadConfig config, Instant startedAt, double measuredSeconds, long scheduled, long sent,
                         long acked, long naks, long duh, long refused, long challenges, long failed, long cancelled,
                         long retransmissions, long warmupMessages, double throughput, LatencySummary latency,
                         LatencySummary serviceLatency, Histogram histogram, List<AckedMessage> ackedMessages,
                         List<String> failureSamples, MessageLog clientLog) {

    /** The ACKed alarms (NULL supervision messages and SCAIP heartbeats left out), the set a verification checks. */
    public List<AckedMessage> ackedAlarms() {
        return ackedMessages.stream().filter(AckedMessage::isAlarm).toList();
    }

    /** Whether every measured message that went out was ACKed. */
    public boolean allAcked() {
        return duh == 0 && refused == 0 && failed == 0 && acked == sent;
    }
}
