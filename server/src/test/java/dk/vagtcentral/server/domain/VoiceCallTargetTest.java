package dk.vagtcentral.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.event.EventCategory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a SCAIP device's voice call goes: the phone of the desk the alarm is routed to, when it asked for that. */
class VoiceCallTargetTest {
    static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    static final String CID = "4510001000";
    static final String CRD = "gsm:+4520001000";

    static Supplier privateCare(boolean voice, String phone) {
        return new Supplier("omsorg", "791", "Omsorg ApS", SupplierKind.PRIVATE_CARE, null, phone, null, null, null,
                voice);
    }

    static Supplier homeCare(boolean voice) {
        return new Supplier("hp", "791", "Viborg Hjemmepleje", SupplierKind.MUNICIPAL_HOME_CARE, null,
                "+45 87 87 00 00", null, null, null, voice);
    }

    static final Citizen CITIZEN = new Citizen("c-1", "791", "Anna Jensen", "Skovvej 1, 8800 Viborg", null,
            Citizen.Status.ACTIVE);
    static final DeviceBinding BINDING = new DeviceBinding(CID, "c-1", AT.minus(Duration.ofDays(30)), null);
    static final SupplierChoice CHOICE = new SupplierChoice("ch-1", "c-1", "omsorg", LocalDate.parse("2026-01-01"),
            null);
    static final Shift ON_DUTY = new Shift("s1", "omsorg", "w-p", "Pia", Shift.Role.PRIMARY, AT.minusSeconds(3600),
            AT.plusSeconds(3600));
    static final Shift HOME_ON_DUTY = new Shift("s2", "hp", "w-m", "Mette", Shift.Role.PRIMARY,
            AT.minusSeconds(3600), AT.plusSeconds(3600));

    static RoutingData data(Supplier care, Supplier home) {
        return new RoutingData(List.of(BINDING), List.of(CITIZEN), List.of(CHOICE), List.of(ON_DUTY, HOME_ON_DUTY),
                List.of(care, home), null);
    }

    static VoiceCallTarget decide(RoutingData data, String crd) {
        return VoiceCallTarget.decide(new AlarmFacts(CID, EventCategory.EMERGENCY, AT), data, crd);
    }

    @Test
    void aSupplierWithTheSettingGetsTheCallOnItsPhoneInADialableForm() {
        VoiceCallTarget t = decide(data(privateCare(true, "70 20 30 40"), homeCare(true)), CRD);
        assertThat(t.redirects()).isTrue();
        assertThat(t.number()).isEqualTo("+4570203040");
        assertThat(t.supplierId()).isEqualTo("omsorg");
        assertThat(t.reason()).isEqualTo("desk");
        // the same for any category routing sends to the supplier, and with no crd at all
        assertThat(VoiceCallTarget.decide(new AlarmFacts(CID, EventCategory.FIRE, AT),
                data(privateCare(true, "+46 8 123 456 78"), homeCare(false)), null).number()).isEqualTo("+46812345678");
    }

    @Test
    void withoutTheSettingTheDeviceFollowsItsOwnConfigurationEvenIfTheMunicipalHomeCareHasIt() {
        VoiceCallTarget t = decide(data(privateCare(false, "70203040"), homeCare(true)), CRD);
        assertThat(t.redirects()).isFalse();
        assertThat(t.number()).isNull();
        assertThat(t.supplierId()).isEqualTo("omsorg");
        assertThat(t.reason()).isEqualTo("setting_off");
    }

    @Test
    void aSupplierWithTheSettingButNoPhoneOnRecordIsNoRedirection() {
        // recorded before the phone was required: the setting alone gives the device nothing to dial
        VoiceCallTarget t = decide(data(privateCare(true, null), homeCare(true)), CRD);
        assertThat(t.redirects()).isFalse();
        assertThat(t.reason()).isEqualTo("no_phone");
    }

    @Test
    void aSuspendedSuppliersAlarmCallsTheMunicipalHomeCareOnlyIfItHasTheSetting() {
        Supplier suspended = privateCare(true, "70203040").suspended(AT.minusSeconds(60), "konkurs");
        VoiceCallTarget toHome = decide(data(suspended, homeCare(true)), CRD);
        assertThat(toHome.number()).isEqualTo("+4587870000");
        assertThat(toHome.supplierId()).isEqualTo("hp");
        VoiceCallTarget notToHome = decide(data(suspended, homeCare(false)), CRD);
        assertThat(notToHome.redirects()).isFalse();
        assertThat(notToHome.supplierId()).isEqualTo("hp");
        // suspended from a later minute: still the supplier's own desk at the alarm's time
        Supplier later = privateCare(true, "70203040").suspended(AT.plusSeconds(60), "konkurs");
        assertThat(decide(data(later, homeCare(true)), CRD).number()).isEqualTo("+4570203040");
    }

    @Test
    void nobodyOnDutyAtTheSupplierSendsTheCallWhereTheAlarmGoesTheMunicipalHomeCare() {
        RoutingData noShift = new RoutingData(List.of(BINDING), List.of(CITIZEN), List.of(CHOICE),
                List.of(HOME_ON_DUTY), List.of(privateCare(true, "70203040"), homeCare(true)), null);
        assertThat(decide(noShift, CRD).supplierId()).isEqualTo("hp");
    }

    @Test
    void aDeviceBoundToNoCitizenIsNotRedirected() {
        RoutingData unbound = new RoutingData(List.of(), List.of(CITIZEN), List.of(CHOICE),
                List.of(ON_DUTY, HOME_ON_DUTY), List.of(privateCare(true, "70203040"), homeCare(true)), "791");
        VoiceCallTarget t = decide(unbound, CRD);
        assertThat(t.redirects()).isFalse();
        assertThat(t.reason()).isEqualTo("no_citizen");
        // a binding that ended before the alarm is none either
        DeviceBinding ended = new DeviceBinding(CID, "c-1", AT.minus(Duration.ofDays(30)), AT.minusSeconds(1));
        RoutingData endedData = new RoutingData(List.of(ended), List.of(CITIZEN), List.of(CHOICE),
                List.of(ON_DUTY), List.of(privateCare(true, "70203040"), homeCare(true)), null);
        assertThat(decide(endedData, CRD).reason()).isEqualTo("no_citizen");
    }

    @Test
    void aMunicipalityWithoutHomeCareOnRecordIsNoRecipientAndNoRedirection() {
        RoutingData noHome = new RoutingData(List.of(BINDING), List.of(CITIZEN), List.of(), List.of(ON_DUTY),
                List.of(privateCare(true, "70203040")), null);
        VoiceCallTarget t = decide(noHome, CRD);
        assertThat(t.redirects()).isFalse();
        assertThat(t.reason()).isEqualTo("no_recipient");
    }

    @Test
    void aDeviceThatPlacesNoVoiceCallIsToldNoNumber() {
        RoutingData all = data(privateCare(true, "70203040"), homeCare(true));
        for (String crd : List.of("no-voice:", "NO-VOICE:", " no-voice:reason")) {
            VoiceCallTarget t = decide(all, crd);
            assertThat(t.redirects()).as(crd).isFalse();
            assertThat(t.reason()).isEqualTo("no_voice");
        }
        assertThat(VoiceCallTarget.placesNoVoiceCall("sip:4510001000@carephone.example")).isFalse();
        assertThat(decide(all, "sip:4510001000@carephone.example").redirects()).isTrue();
    }
}
