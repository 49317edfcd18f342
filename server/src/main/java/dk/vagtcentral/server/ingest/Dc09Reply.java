package dk.vagtcentral.server.ingest;

/**
 * What the receiver answers to one frame: the encoded reply (null: no answer, the sender retransmits)
 * and what it decided, for metrics and logs.
 */
public record Dc09Reply(byte[] frame, IngestMetrics.Result result, String messageId) {
    public static Dc09Reply none(IngestMetrics.Result result, String messageId) {
        return new Dc09Reply(null, result, messageId);
    }
}
