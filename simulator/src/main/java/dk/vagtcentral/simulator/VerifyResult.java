package dk.vagtcentral.simulator;

import java.util.List;

/**
 * The comparison of ACKed alarms with the alarms the server stored, by key account|sequence|data.
 *
 * @param acked             ACKed alarm messages (NULL messages are not alarms)
 * @param found             of those, matched by a stored alarm
 * @param missing           ACKed but not stored
 * @param duplicated        stored more often than ACKed
 * @param stored            stored alarms of the checked accounts in the run's time window
 * @param missingSamples    a few keys that are missing
 * @param duplicatedSamples a few keys that are duplicated
 */
public record VerifyResult(long acked, long found, long missing, long duplicated, long stored,
                           List<String> missingSamples, List<String> duplicatedSamples) {

    public boolean ok() {
        return missing == 0 && duplicated == 0;
    }

    /** "verify: N acked, N found, 0 missing, 0 duplicated". */
    public String summaryLine() {
        return "verify: " + acked + " acked, " + found + " found, " + missing + " missing, " + duplicated + " duplicated";
    }
}
