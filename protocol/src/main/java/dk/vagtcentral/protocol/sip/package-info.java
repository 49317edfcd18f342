/**
 * A small SIP (RFC 3261) layer that does only what a SCAIP receiver needs: parse requests and responses from UDP
 * datagrams and from TCP streams (framed by {@code Content-Length}), encode them, answer a request with the header
 * copying rules of RFC 3261 §8.2.6 and the {@code received}/{@code rport} rules of RFC 3261 §18.2.1 and RFC 3581,
 * and check HTTP Digest credentials (RFC 2617/7616, MD5, the algorithm social-alarm devices use). Built like the DC-09
 * codec: a Netty decoder for streams ({@link dk.vagtcentral.protocol.sip.SipStreamDecoder}), one sharable encoder
 * ({@link dk.vagtcentral.protocol.sip.SipEncoder}), and failures returned as values
 * ({@link dk.vagtcentral.protocol.sip.SipDecodeResult}), never thrown.
 *
 * <h2>Why not a SIP stack</h2>
 * JAIN-SIP's reference implementation (javax.sip:jain-sip-ri) was considered and left out:
 * <ul>
 *   <li>it brings its own transport threads and sockets, beside the Vert.x event loops the DC-09 receivers run on, so
 *       the receiver's rules — answered only after the alarm writer commits, connection caps, per-connection
 *       back-pressure, the flood limits — would have to be built a second time around a different I/O model;</li>
 *   <li>it has had no release for years and pulls in logging and XML dependencies of its own era;</li>
 *   <li>SCAIP uses a sliver of SIP: out-of-dialog {@code MESSAGE} and {@code OPTIONS}, one outgoing {@code MESSAGE}
 *       (the {@code <mrs>}), Digest authentication. No dialogs, no INVITE state machines, no proxying, no media.</li>
 * </ul>
 * What is deliberately not here: dialogs, INVITE transactions, SDP/RTP (the receiver never handles voice media),
 * multipart bodies, compression (SigComp), DNS resolution of {@code Via} hosts (responses go back on the flow the
 * request came on).
 */
package dk.vagtcentral.protocol.sip;
