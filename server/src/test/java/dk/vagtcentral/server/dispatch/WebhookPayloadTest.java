package dk.vagtcentral.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.event.EventCategory;
import dk.vagtcentral.server.domain.Alarm;
import dk.vagtcentral.server.domain.AlarmStatus;
import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.Handling;
import dk.vagtcentral.server.domain.Routing;
import dk.vagtcentral.server.domain.Shift;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierKind;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a webhook carries: ids, codes, times and links; none of the personal data the desk shows. */
class WebhookPayloadTest {
    static final Instant AT = Instant.parse("2026-03-15T11:00:00Z");
    static final Citizen CITIZEN = new Citizen("c-417", "727", "Inger Marie Jensen", "Skovvej 12, 8300 Odder",
            "Nøgleboks 4711 ved bagdøren; insulinkrævende diabetes", Citizen.Status.ACTIVE);
    static final Shift WORKER = new Shift("sh-1", "omsorg", "w-anna", "Anna Sørensen", Shift.Role.PRIMARY, AT,
            AT.plus(Duration.ofHours(8)));
    static final Supplier SUPPLIER = new Supplier("omsorg", "727", "Omsorg ApS", SupplierKind.PRIVATE_CARE,
            "https://omsorg.example/hook", "+45 70 20 30 40", "Vagthavende Mette Holm", null, null);

    static Alarm alarm() {
        Routing routing = new Routing(Handling.CALL, AT, "CHOSEN_SUPPLIER", "c-417", "727", "odder", "omsorg",
                "w-anna", "mjbr", null, "routed by choice of Inger Marie Jensen", AT.plus(Duration.ofMinutes(30)),
                "omsorg", null);
        return new Alarm(42, "1A2B", EventCategory.EMERGENCY, "1100", "E", "003", "01", "Soveværelse hos Inger",
                "[#1A2B|NQA003]", AT, routing, AlarmStatus.received(AT, SupplierKind.PRIVATE_CARE), "omsorg",
                Alarm.Fault.NONE, 3);
    }

    @Test
    void carriesIdsCodesTimesAndLinks() {
        JsonObject body = new WebhookPayload("https://vagtcentral.example.dk").of("alarm.new", alarm(), SUPPLIER,
                WORKER, CITIZEN, AT.plusSeconds(2));

        assertThat(body.fieldNames()).containsExactlyInAnyOrder("version", "event", "at", "alarm", "supplier",
                "worker", "citizen", "links");
        assertThat(body.getInteger("version")).isEqualTo(1);
        assertThat(body.getString("event")).isEqualTo("alarm.new");
        assertThat(body.getString("at")).isEqualTo("2026-03-15T11:00:02Z");
        JsonObject alarm = body.getJsonObject("alarm");
        assertThat(alarm.fieldNames()).isEqualTo(Set.of("id", "category", "receivedAt", "state", "holderSupplierId",
                "responseDeadline", "incidentAlarmId"));
        assertThat(alarm.getLong("id")).isEqualTo(42);
        assertThat(alarm.getString("category")).isEqualTo("EMERGENCY");
        assertThat(alarm.getString("receivedAt")).isEqualTo("2026-03-15T11:00:00Z");
        assertThat(alarm.getString("responseDeadline")).isEqualTo("2026-03-15T11:30:00Z");
        assertThat(alarm.getString("holderSupplierId")).isEqualTo("omsorg");
        assertThat(body.getJsonObject("supplier")).isEqualTo(new JsonObject().put("id", "omsorg"));
        assertThat(body.getJsonObject("worker")).isEqualTo(new JsonObject().put("id", "w-anna").put("role", "PRIMARY"));
        assertThat(body.getJsonObject("citizen")).isEqualTo(new JsonObject().put("id", "c-417"));
        assertThat(body.getJsonObject("links")).isEqualTo(new JsonObject()
                .put("desk", "https://vagtcentral.example.dk/desk/")
                .put("alarm", "https://vagtcentral.example.dk/api/v1/alarms/42"));
    }

    @Test
    void carriesNoNameAddressKeyNotePhoneOrFreeText() {
        String encoded = new WebhookPayload(null).of("alarm.new", alarm(), SUPPLIER, WORKER, CITIZEN, AT).encode();
        for (String personal : new String[]{"Inger", "Jensen", "Skovvej", "8300", "Nøgleboks", "4711", "insulin",
                "Anna", "Sørensen", "Mette", "70 20 30 40", "Omsorg ApS", "Soveværelse", "routed by", "1A2B",
                "omsorg.example"}) {
            assertThat(encoded).as(personal).doesNotContain(personal);
        }
        assertThat(encoded).doesNotContain("\"name\"").doesNotContain("\"address\"").doesNotContain("keyNote")
                .doesNotContain("phone").doesNotContain("\"text\"").doesNotContain("rawData");
    }

    @Test
    void withoutAPublicUrlTheLinksArePathsAndAbsentPartiesAreLeftOut() {
        JsonObject body = new WebhookPayload(null).of("alarm.updated", alarm(), SUPPLIER, null, null, AT);
        assertThat(body.containsKey("worker")).isFalse();
        assertThat(body.containsKey("citizen")).isFalse();
        assertThat(body.getJsonObject("links").getString("desk")).isEqualTo("/desk/");
        assertThat(body.getJsonObject("links").getString("alarm")).isEqualTo("/api/v1/alarms/42");
    }
}
