package dk.vagtcentral.server.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An organisation that answers alarms in one municipality.
 *
 * <p>The 24/7 {@code phone} is required for the care suppliers ({@link SupplierKind#PRIVATE_CARE},
 * {@link SupplierKind#MUNICIPAL_HOME_CARE}): a personal-care supplier must be reachable by telephone by the citizen and
 * the municipality all 24 hours (002 Viborg §5.10; 004 Horsens »Leveringstid og telefontid«), and the municipal home
 * care is where unanswered calls are forwarded, so a supervisor looking at an escalation must be able to ring either at
 * once. Fire-and-rescue is reached through 112 and its own alarm line; a phone is optional there. Records stored before
 * the field existed have none until they are next updated.
 *
 * <p>A suspension (bankruptcy, konkurs) takes a private supplier out of routing with immediate effect: all suppliers
 * form the municipality's preparedness and take over its citizens (000 Norddjurs §3.1 »Beredskab«; 002 Viborg §11.8: a
 * bankrupt supplier must tell the municipality within an hour of the bankruptcy decree). Only a private care supplier can
 * be suspended: the municipal home care and fire-and-rescue are where suspended suppliers' alarms go.
 *
 * @param webhookUrl       where alarms for this supplier are pushed (http or https), or null for desk-only
 * @param phone            the 24/7 number (døgntelefon), Danish ("70 20 30 40") or international ("+45 70 20 30 40")
 * @param contactPerson    who to ask for on that number (free text, at most {@value #MAX_CONTACT_PERSON} characters)
 * @param suspendedAt      from when the supplier is suspended (UTC), or null while it is not
 * @param suspensionReason why, e.g. "konkursdekret afsagt 2026-03-14"; set exactly when {@code suspendedAt} is
 * @param scaipVoiceCallsDesk whether a SCAIP device whose alarm is routed here is told to place its voice call to this
 *                         supplier's {@code phone} ({@code <mrs>} {@code cre 62} + {@code tnu}) instead of the receiver
 *                         it is configured with; needs a phone; never on fire-and-rescue, which routing never names
 *                         as the desk (see {@link VoiceCallTarget})
 */
public record Supplier(String id, String municipalityId, String name, SupplierKind kind, String webhookUrl,
                       String phone, String contactPerson, Instant suspendedAt, String suspensionReason,
                       boolean scaipVoiceCallsDesk) {

    public static final int MAX_CONTACT_PERSON = 200;
    public static final int MAX_REASON = 1000;
    /** The kinds that must have a 24/7 phone on record. */
    public static final Set<SupplierKind> PHONE_REQUIRED = EnumSet.of(SupplierKind.PRIVATE_CARE,
            SupplierKind.MUNICIPAL_HOME_CARE);

    /** A supplier without phone, contact person or suspension (as recorded before those existed). */
    public Supplier(String id, String municipalityId, String name, SupplierKind kind, String webhookUrl) {
        this(id, municipalityId, name, kind, webhookUrl, null, null, null, null);
    }

    /** A supplier whose desk phone is not given to SCAIP devices (the setting's default). */
    public Supplier(String id, String municipalityId, String name, SupplierKind kind, String webhookUrl,
                    String phone, String contactPerson, Instant suspendedAt, String suspensionReason) {
        this(id, municipalityId, name, kind, webhookUrl, phone, contactPerson, suspendedAt, suspensionReason, false);
    }

    /** Whether the supplier is suspended at {@code at}: from {@code suspendedAt} (inclusive) on. */
    public boolean isSuspendedAt(Instant at) {
        return suspendedAt != null && !at.isBefore(suspendedAt);
    }

    /** Whether a suspension is on record, whether or not it has taken effect yet. */
    public boolean isSuspended() {
        return suspendedAt != null;
    }

    /** Why this supplier can never be suspended, or null when it can (a private care supplier). */
    public String whyNotSuspendable() {
        if (kind == SupplierKind.MUNICIPAL_HOME_CARE) {
            return "the municipal home care takes over the alarms of a suspended supplier; it cannot be suspended itself";
        }
        if (kind == SupplierKind.FIRE_AND_RESCUE) {
            return "fire-and-rescue is the last escalation step and answers fire alarms; it cannot be suspended";
        }
        return null;
    }

    /** This supplier suspended from {@code from} for {@code reason}. */
    public Supplier suspended(Instant from, String reason) {
        return new Supplier(id, municipalityId, name, kind, webhookUrl, phone, contactPerson, from, reason,
                scaipVoiceCallsDesk);
    }

    /** This supplier with no suspension. */
    public Supplier reinstated() {
        return new Supplier(id, municipalityId, name, kind, webhookUrl, phone, contactPerson, null, null,
                scaipVoiceCallsDesk);
    }

    /** This supplier with the suspension (or none) of {@code stored}: an ordinary update never changes it. */
    public Supplier withSuspensionOf(Supplier stored) {
        return new Supplier(id, municipalityId, name, kind, webhookUrl, phone, contactPerson, stored.suspendedAt(),
                stored.suspensionReason(), scaipVoiceCallsDesk);
    }

    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        Checks.text(errors, "id", id);
        Checks.text(errors, "municipalityId", municipalityId);
        Checks.text(errors, "name", name);
        Checks.present(errors, "kind", kind);
        if (kind != null && !kind.registrable()) {
            errors.add(new FieldError("kind", "must be PRIVATE_CARE, MUNICIPAL_HOME_CARE or FIRE_AND_RESCUE"));
        }
        if (webhookUrl != null) {
            try {
                URI uri = new URI(webhookUrl);
                String scheme = uri.getScheme();
                if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                        || uri.getHost() == null) {
                    errors.add(new FieldError("webhookUrl", "must be an absolute http or https URL"));
                }
            } catch (URISyntaxException e) {
                errors.add(new FieldError("webhookUrl", "is not a valid URL: " + e.getReason()));
            }
        }
        if (phone == null && PHONE_REQUIRED.contains(kind)) {
            errors.add(new FieldError("phone", "is required for a " + kind + " supplier: the 24/7 number the"
                    + " municipality calls (002 Viborg §5.10, 004 Horsens: reachable by phone all 24 hours)"));
        } else if (phone != null && !PhoneNumber.isValid(phone)) {
            errors.add(new FieldError("phone", PhoneNumber.EXPECTED));
        }
        Checks.optionalText(errors, "contactPerson", contactPerson, MAX_CONTACT_PERSON);
        if (suspendedAt == null && suspensionReason != null) {
            errors.add(new FieldError("suspensionReason", "is only kept with suspendedAt"));
        }
        if (suspendedAt != null) {
            if (suspensionReason == null) {
                errors.add(new FieldError("suspensionReason", "is required with suspendedAt"));
            }
            if (kind != null && whyNotSuspendable() != null) {
                errors.add(new FieldError("suspendedAt", whyNotSuspendable()));
            }
        }
        Checks.optionalText(errors, "suspensionReason", suspensionReason, MAX_REASON);
        if (scaipVoiceCallsDesk && kind == SupplierKind.FIRE_AND_RESCUE) {
            errors.add(new FieldError("scaipVoiceCallsDesk", "is only for care suppliers: routing never makes"
                    + " fire-and-rescue the desk an alarm goes to"));
        } else if (scaipVoiceCallsDesk && phone == null) {
            errors.add(new FieldError("scaipVoiceCallsDesk", "needs the supplier's phone: it is the number devices"
                    + " are told to call"));
        }
        return errors;
    }
}
