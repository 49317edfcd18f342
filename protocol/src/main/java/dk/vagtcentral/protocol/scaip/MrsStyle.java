package dk.vagtcentral.protocol.scaip;

/**
 * How a device model expects the receiver's {@code <mrs>}: a quirk registered per device.
 */
public enum MrsStyle {
    /**
     * {@code 200 OK} with an empty body, then the {@code <mrs>} in a {@code MESSAGE} of the receiver's own, which the
     * device answers {@code 200 OK}: the flow public device scenarios show (shyne99/scaipproxy, etc/scenarios).
     */
    MESSAGE,
    /** The {@code <mrs>} in the body of the {@code 200 OK} (Syntilio/Datahub-Scaip-Proxy, ScaipSipListener). */
    BODY
}
