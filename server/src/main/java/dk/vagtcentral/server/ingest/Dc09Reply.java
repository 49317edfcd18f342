package dk.vagtcentral.server.ingest;

import dk.vagtcentral.protocol.dc09.Dc09Outbound;

/**
 * What the receiver answers to one frame: the reply to encode (null: no answer, the sender retransmits), what it
 * decided, for metrics and logs, and the registered account the frame proved the sender to be (null when it did
 * not: a damaged frame, an unknown account, a refused one) — a connection that has sent such a frame has spoken.
 */
public record Dc09Reply(Dc09Outbound frame, IngestMetrics.Result result, String messageId, String account) {
    public static Dc09Reply none(IngestMetrics.Result result, String messageId) {
        return new Dc09Reply(null, result, messageId, null);
    }
}
