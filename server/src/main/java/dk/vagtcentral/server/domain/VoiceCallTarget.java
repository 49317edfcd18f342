package dk.vagtcentral.server.domain;

import java.util.Locale;

/**
 * Where a SCAIP device should place the voice call that follows its alarm: the 24/7 phone of the desk the alarm is
 * routed to, when that supplier asked for it ({@link Supplier#scaipVoiceCallsDesk()}), else nowhere in particular
 * (the device follows its own configuration). The receiver answers the first with {@code cre 62} (transferred
 * number) and {@code tnu} in the {@code <mrs>}, the second with neither.
 *
 * <p>The desk is found by the dispatcher's own rules ({@link Router#route}) at the alarm's receipt, so the voice call
 * goes where the alarm goes: the citizen's chosen supplier, or the municipal home care when that supplier is suspended
 * or has nobody on duty (and then only if the municipal home care has the setting). An alarm whose citizen is not
 * known (no device binding, a binding to a citizen not on record) is not redirected: nobody can say whose desk it is,
 * and the device's configured receiver is the better guess. A device that says it will place no voice call
 * ({@code crd} {@code no-voice:}) is not told a number.
 *
 * @param number     the number to dial, E.164 ({@code +4570203040}), or null for "no redirection"
 * @param supplierId the supplier whose phone it is, or null
 * @param reason     why, for the log: {@code desk}, {@code no_voice}, {@code no_citizen}, {@code no_recipient},
 *                   {@code setting_off}, {@code no_phone}, {@code unavailable}
 */
public record VoiceCallTarget(String number, String supplierId, String reason) {
    /** The {@code crd} scheme of a device that places no voice call. */
    static final String NO_VOICE = "no-voice:";

    /** Whether the device's {@code crd} says that no voice call follows its alarm ({@code no-voice:}). */
    public static boolean placesNoVoiceCall(String callbackAddress) {
        return callbackAddress != null && callbackAddress.strip().toLowerCase(Locale.ROOT).startsWith(NO_VOICE);
    }

    /** No redirection: the device places no voice call. */
    public static VoiceCallTarget noVoiceCall() {
        return none("no_voice");
    }

    /** No redirection, for a reason outside routing (the lookup failed or took too long). */
    public static VoiceCallTarget unavailable() {
        return none("unavailable");
    }

    private static VoiceCallTarget none(String reason) {
        return new VoiceCallTarget(null, null, reason);
    }

    /** Whether the device is told a number ({@code cre 62}, {@code tnu}). */
    public boolean redirects() {
        return number != null;
    }

    /**
     * Decides for one received alarm.
     *
     * @param alarm           the alarm's account (the controller id), category and receipt time (our clock)
     * @param data            the reference data routing reads for that account at that time
     * @param callbackAddress the device's {@code crd}, or null
     */
    public static VoiceCallTarget decide(AlarmFacts alarm, RoutingData data, String callbackAddress) {
        if (placesNoVoiceCall(callbackAddress)) {
            return noVoiceCall();
        }
        RoutingDecision route = Router.route(alarm, data);
        if (route.citizen() == null) {
            return none("no_citizen");
        }
        Supplier desk = route.supplier();
        if (desk == null) {
            return none("no_recipient");
        }
        if (!desk.scaipVoiceCallsDesk()) {
            return new VoiceCallTarget(null, desk.id(), "setting_off");
        }
        String number = PhoneNumber.dialable(desk.phone());
        if (number == null) {
            return new VoiceCallTarget(null, desk.id(), "no_phone");
        }
        return new VoiceCallTarget(number, desk.id(), "desk");
    }
}
