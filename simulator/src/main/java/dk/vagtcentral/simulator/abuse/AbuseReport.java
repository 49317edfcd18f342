package dk.vagtcentral.simulator.abuse;

import java.util.List;
import java.util.Locale;

/** What an abuse run saw: one summary line and a few labelled figures, printed like the load report. */
public interface AbuseReport {

    /** The mode, e.g. "silent". */
    String mode();

    /** One line: the essentials. */
    String summary();

    /** Label and text pairs, e.g. {"time to close", "p50 ..."}. */
    List<String[]> figures();

    /** The text the CLI prints: the summary, then one line per figure. */
    default String format() {
        StringBuilder sb = new StringBuilder(mode()).append(": ").append(summary()).append('\n');
        for (String[] f : figures()) {
            sb.append(String.format(Locale.ROOT, "%-14s %s%n", f[0].isEmpty() ? "" : f[0] + ":", f[1]));
        }
        return sb.toString();
    }
}
