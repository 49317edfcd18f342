/**
 * SCAIP (Social Care Alarm Internet Protocol, Swedish standard SS 91100:2014, the basis of CENELEC CLC/TS 50134-9):
 * the {@code <mrq>} a social-alarm device sends in a SIP {@code MESSAGE} ({@code Content-Type:
 * application/scaip+xml}), the {@code <mrs>} a receiver answers with, and what each message means for dispatch
 * ({@link dk.vagtcentral.protocol.scaip.ScaipMapping}).
 *
 * <p>The standard's text is paid and is not used here. Element names, value formats, code lists and message flows
 * follow public open-source implementations, cited where they are used:
 * <ul>
 *   <li>caruhome/scaip-gateway (GitHub), {@code scaip_gateway/xml/scaip.py} and {@code scaip_gateway/spec.py}: the
 *       {@code <mrq>}/{@code <mrs>} element model with patterns and lengths, and the code lists (device types,
 *       status codes, location codes, status numbers);</li>
 *   <li>shyne99/scaipproxy (GitHub), {@code etc/seet.json} and {@code etc/scenarios/*.xml}: an {@code <mrq>} as
 *       devices send it (codes without leading zeros, {@code crd} {@code no-voice:}), the digest challenge before
 *       the alarm, and the {@code <mrs>} sent by the receiver in a MESSAGE of its own after an empty 200 OK;</li>
 *   <li>Syntilio/Datahub-Scaip-Proxy (GitHub), {@code ScaipSampleXml.java} and {@code ScaipSipListener.java}: an
 *       XML declaration, pretty-printed elements, codes with leading zeros, and the {@code <mrs>} in the 200 OK
 *       body.</li>
 * </ul>
 * Parsing never throws: a body that is not what a device may send becomes a failed
 * {@link dk.vagtcentral.protocol.scaip.MrqDecodeResult} carrying the status number ({@code snu}) to answer with.
 */
package dk.vagtcentral.protocol.scaip;
