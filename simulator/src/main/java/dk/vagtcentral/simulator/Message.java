package dk.vagtcentral.simulator;

/**
 * One logical message of a simulated device, in its protocol: what every transmission of it carries. A DC-09
 * {@link DeviceMessage} or a SCAIP {@link ScaipMessage}; how it is encoded and how its answer is read is its protocol's
 * {@link Wire}.
 */
public sealed interface Message permits DeviceMessage, ScaipMessage {

    Protocol protocol();

    /**
     * The device's identity on the wire, as the server registers it: a DC-09 account, a SCAIP controller id (the
     * {@code <cid>}). A device has one message in flight at a time.
     */
    String account();

    /** The message id the server stores: DC-09's "SIA-DCS", "ADM-CID" or "NULL"; "SCAIP" for an {@code <mrq>}. */
    String id();

    /** The DC-09 sequence number; 0 for SCAIP, whose messages are told apart by their ref (in {@link #data()}). */
    int sequence();

    /** What the server stores as the alarm's data: the DC-09 data block content, or the {@code <mrq>} XML. */
    String data();

    /** Whether the receiver stores it as an alarm: not a DC-09 NULL, not a SCAIP heartbeat. */
    boolean isAlarm();

    /** For reports: {@code seq 0001 [#1000|NQA001]}, {@code ref 2M3K9QX0AB [mty=ME dty=3 stc=10]}. */
    String describe();
}
