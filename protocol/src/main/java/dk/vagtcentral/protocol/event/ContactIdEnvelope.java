package dk.vagtcentral.protocol.event;

/**
 * The fields around a Contact ID event that some transmitters put in the DC-09 data block: the whole DTMF
 * message {@code ACCT MT QEEE GG CCC [S]} or a receiver's automation line {@code 5RRL 18 AAAA QEEE GG CCC}.
 * Each component is null when the shape did not carry it.
 *
 * @param account     the Contact ID account (usually 4 digits; not necessarily the DC-09 account)
 * @param messageType "18" (preferred) or "98" (optional)
 * @param receiver    receiver number of a receiver's automation line
 * @param line        line number of a receiver's automation line
 * @param checksum    the checksum digit, verified
 */
public record ContactIdEnvelope(String account, String messageType, String receiver, String line, String checksum) {
}
