package dk.vagtcentral.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.protocol.scaip.Mrq;
import dk.vagtcentral.protocol.scaip.ScaipMapping;
import dk.vagtcentral.server.domain.AlarmSource;
import dk.vagtcentral.server.store.NewAlarm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaipNewAlarmsTest {
    @Test
    void everyElementIsKeptAcrossBothDataColumnsWhenTheRequestIsLong() {
        List<String> kv = new ArrayList<>(List.of("ref", "L1", "cid", "4510001000", "dty", "3", "stc", "10"));
        for (int i = 0; i < 6; i++) {
            kv.add("ite" + i);
            kv.add("x".repeat(200));
        }
        Mrq m = Mrq.of(kv.toArray(new String[0]));
        ScaipNewAlarms.Data data = ScaipNewAlarms.data(m);
        assertThat(data.data().length()).isLessThanOrEqualTo(NewAlarm.RAW_DATA);
        assertThat(data.extended()).isNotNull();
        assertThat(data.data()).startsWith("<mrq><ref>L1</ref>");
        for (int i = 0; i < 6; i++) {
            assertThat(data.data() + data.extended()).contains("<ite" + i + ">");
        }
        NewAlarm a = ScaipNewAlarms.of(m, ScaipMapping.classify(m), data, AlarmSource.SCAIP_UDP, "10.0.0.7:5060",
                Instant.parse("2026-01-10T10:00:00Z"));
        assertThat(a.extendedData()).isEqualTo(data.extended());
    }

    @Test
    void whatCannotBeStoredWholeIsNotStoredClipped() {
        List<String> kv = new ArrayList<>(List.of("ref", "L2", "cid", "4510001000", "dty", "3"));
        for (int i = 0; i < 12; i++) {
            kv.add("ite" + i);
            kv.add("y".repeat(500));
        }
        assertThat(ScaipNewAlarms.data(Mrq.of(kv.toArray(new String[0])))).isNull();
    }

    @Test
    void theAlarmCarriesTheCodesZoneCallbackAndTheDevicesTexts() {
        Mrq m = Mrq.of("ref", "A1", "cid", "4510001000", "mty", "ME", "dty", "0005", "did", "01", "dco", "017",
                "stc", "0009", "stt", "Fald", "lte", "Bad", "crd", "sip:4510001000@10.0.0.7");
        NewAlarm a = ScaipNewAlarms.of(m, ScaipMapping.classify(m), ScaipNewAlarms.data(m), AlarmSource.SCAIP_TCP,
                "10.0.0.7:5060", Instant.parse("2026-01-10T10:00:00Z"));
        assertThat(a.category()).isEqualTo(EventCategory.EMERGENCY);
        assertThat(a.eventCode()).isEqualTo("9");
        assertThat(a.eventQualifier()).isEqualTo("S");
        assertThat(a.zone()).isEqualTo("01");
        assertThat(a.area()).isEqualTo("017");
        assertThat(a.callbackAddress()).isEqualTo("sip:4510001000@10.0.0.7");
        assertThat(a.text()).isEqualTo("Fall detector: automatic alarm; status: Fald; location: Bad");
        assertThat(a.events()).isEqualTo("mty=ME dty=0005 stc=0009 did=01 dco=017");
        assertThat(a.retransmissionKeys()).containsExactly("s|4510001000|A1|" + m.xml());
        Mrq longCrd = Mrq.of("ref", "A2", "cid", "4510001000", "dty", "3", "crd", "sip:" + "z".repeat(300));
        assertThat(ScaipNewAlarms.of(longCrd, ScaipMapping.classify(longCrd), ScaipNewAlarms.data(longCrd),
                AlarmSource.SCAIP_TCP, "r", Instant.EPOCH).callbackAddress())
                .as("a clipped call-back number would be a wrong one; it stays in the data").isNull();
    }
}
