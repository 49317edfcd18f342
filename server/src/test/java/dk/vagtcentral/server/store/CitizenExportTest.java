package dk.vagtcentral.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.server.domain.Citizen;
import dk.vagtcentral.server.domain.DeviceBinding;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.Supplier;
import dk.vagtcentral.server.domain.SupplierChoice;
import dk.vagtcentral.server.domain.SupplierKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The right of access: everything on one citizen, nothing on another. */
class CitizenExportTest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;
    Database db;
    ReferenceStore reference;
    CitizenExport export;
    long mine;
    long theirs;
    long justificationId;

    @BeforeEach
    void setUp() throws SQLException {
        db = StoreRows.open(dir);
        reference = new ReferenceStore(db);
        export = new CitizenExport(db, Clock.fixed(NOW, ZoneOffset.UTC));
        Instant earlier = Instant.parse("2026-01-05T09:00:00Z");
        reference.create(ReferenceStore.MUNICIPALITIES, new Municipality("791", "Viborg Kommune", "viborg"), "admin",
                earlier);
        reference.create(ReferenceStore.SUPPLIERS, new Supplier("omsorg", "791", "Omsorg ApS", SupplierKind.PRIVATE_CARE,
                "https://omsorg.example/hook?token=secret"), "admin", earlier);
        reference.create(ReferenceStore.CITIZENS, new Citizen("c-1", "791", "Karen Jensen", "Vestergade 3, Viborg",
                "key box 1234", Citizen.Status.ACTIVE), "admin", earlier);
        reference.update(ReferenceStore.CITIZENS, "c-1", 1, old -> new Citizen(old.id(), old.municipalityId(),
                old.name(), "Nørregade 7, Viborg", old.keyNote(), old.status()), ReferenceStore.Change.UPDATED,
                "admin", earlier.plusSeconds(3600));
        reference.create(ReferenceStore.CITIZENS, new Citizen("c-2", "791", "Poul Hansen", "Skolegade 1, Viborg", null,
                Citizen.Status.ACTIVE), "admin", earlier);
        reference.create(ReferenceStore.BINDINGS, new ReferenceStore.BindingRow("b-1", new DeviceBinding("1001", "c-1",
                earlier, null)), "admin", earlier);
        reference.create(ReferenceStore.BINDINGS, new ReferenceStore.BindingRow("b-2", new DeviceBinding("1002", "c-2",
                earlier, null)), "admin", earlier);
        // a binding planned for later and deleted before it started: only its history remains
        reference.create(ReferenceStore.BINDINGS, new ReferenceStore.BindingRow("b-3", new DeviceBinding("1003", "c-1",
                NOW.plusSeconds(86_400), null)), "admin", NOW.minusSeconds(60));
        reference.delete(ReferenceStore.BINDINGS, "b-3", "admin", NOW.minusSeconds(30));
        reference.create(ReferenceStore.CHOICES, new SupplierChoice("ch-1", "c-1", "omsorg", LocalDate.of(2026, 1, 1),
                null), "admin", earlier);
        reference.create(ReferenceStore.CHOICES, new SupplierChoice("ch-2", "c-2", "omsorg", LocalDate.of(2026, 1, 1),
                null), "admin", earlier);

        try (Connection c = db.connection()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO devices (account, aes_key, label, created_at) "
                    + "VALUES ('1001', '00112233445566778899AABBCCDDEEFF', 'pendant c-1', ?)")) {
                p.setObject(1, StoreRows.ts(earlier));
                p.executeUpdate();
            }
            mine = StoreRows.alarm(c, Instant.parse("2026-11-10T10:00:00Z"), "EMERGENCY", "E101");
            StoreRows.dispatch(c, mine, "CALL", "791", "omsorg", "c-1", "CLOSED", Instant.parse("2026-11-10T10:30:00Z"),
                    Instant.parse("2026-11-10T10:40:00Z"), "HELP_SENT", Instant.parse("2026-11-10T10:30:00Z"), null);
            StoreRows.timeline(c, mine, Instant.parse("2026-11-10T10:00:00Z"), "system", "RECEIVED");
            StoreRows.timeline(c, mine, Instant.parse("2026-11-10T10:30:00Z"), "system:escalation", "FORWARDED_MUNICIPAL");
            StoreRows.deadline(c, mine, "forward-municipal-unanswered", Instant.parse("2026-11-10T10:30:00Z"),
                    Instant.parse("2026-11-10T10:30:00Z"), "ACTED", false);
            WebhookOutbox.enqueue(c, mine, "omsorg", "https://omsorg.example/hook?token=secret", "alarm.forwarded",
                    "{\"citizen\":{\"name\":\"Karen Jensen\"}}", Instant.parse("2026-11-10T10:30:00Z"));
            justificationId = StoreRows.justification(c, mine, "omsorg", "SUBMITTED", Instant.parse("2026-11-17T10:30:00Z"));
            new TrailStore(db).addVersion(c, justificationId, 1, "The worker was with another citizen.", "desk:anna",
                    Instant.parse("2026-11-12T08:00:00Z"), true);
            StoreRows.charge(c, mine, "omsorg", "MUNICIPAL_HOME_CARE", "500.00", Instant.parse("2026-11-10T10:30:00Z"));

            theirs = StoreRows.alarm(c, Instant.parse("2026-11-11T10:00:00Z"), "EMERGENCY", "E101");
            StoreRows.dispatch(c, theirs, "CALL", "791", "omsorg", "c-2", "CLOSED", Instant.parse("2026-11-11T10:30:00Z"),
                    Instant.parse("2026-11-11T10:05:00Z"), "HELP_SENT", null, null);
            StoreRows.timeline(c, theirs, Instant.parse("2026-11-11T10:00:00Z"), "system", "RECEIVED");
            c.commit();
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void exportHoldsTheCitizenBindingsChoicesAndTheirAlarmsOnly() throws SQLException {
        JsonObject out = export.export("c-1").orElseThrow();

        assertThat(out.getString("citizenId")).isEqualTo("c-1");
        assertThat(out.getString("exportedAt")).isEqualTo(NOW.toString());
        JsonObject citizen = out.getJsonObject("citizen");
        assertThat(citizen.getString("name")).isEqualTo("Karen Jensen");
        assertThat(citizen.getString("address")).isEqualTo("Nørregade 7, Viborg");
        assertThat(citizen.getString("keyNote")).isEqualTo("key box 1234");
        assertThat(citizen.getLong("version")).isEqualTo(2L);
        JsonArray history = out.getJsonArray("citizenHistory");
        assertThat(history).hasSize(2);
        assertThat(history.getJsonObject(0).getJsonObject("snapshot").getString("address"))
                .isEqualTo("Vestergade 3, Viborg");
        assertThat(history.getJsonObject(1).getString("change")).isEqualTo("UPDATED");

        JsonArray bindings = out.getJsonArray("deviceBindings");
        assertThat(bindings).hasSize(1);
        assertThat(bindings.getJsonObject(0).getString("id")).isEqualTo("b-1");
        assertThat(bindings.getJsonObject(0).getString("account")).isEqualTo("1001");
        assertThat(bindings.getJsonObject(0).getJsonArray("history")).hasSize(1);
        JsonArray deleted = out.getJsonArray("deletedDeviceBindings");
        assertThat(deleted).hasSize(1);
        assertThat(deleted.getJsonObject(0).getString("id")).isEqualTo("b-3");
        assertThat(deleted.getJsonObject(0).getJsonArray("history")).extracting(h -> ((JsonObject) h).getString("change"))
                .containsExactly("CREATED", "DELETED");
        JsonArray choices = out.getJsonArray("supplierChoices");
        assertThat(choices).hasSize(1);
        assertThat(choices.getJsonObject(0).getString("supplierId")).isEqualTo("omsorg");
        assertThat(choices.getJsonObject(0).getString("validFrom")).isEqualTo("2026-01-01");
        assertThat(choices.getJsonObject(0).getJsonArray("history")).hasSize(1);

        JsonArray devices = out.getJsonArray("devices");
        assertThat(devices).hasSize(1);
        assertThat(devices.getJsonObject(0).getString("label")).isEqualTo("pendant c-1");
        assertThat(devices.getJsonObject(0).containsKey("aesKey")).isFalse();

        JsonArray alarms = out.getJsonArray("alarms");
        assertThat(alarms).hasSize(1);
        JsonObject alarm = alarms.getJsonObject(0);
        assertThat(alarm.getLong("id")).isEqualTo(mine);
        assertThat(alarm.getString("receivedAt")).isEqualTo("2026-11-10T10:00:00Z");
        assertThat(alarm.getString("dataBlock")).isEqualTo("#1001|1101 01 001");
        assertThat(alarm.getBoolean("clockSuspect")).isFalse();
        assertThat(alarm.getJsonObject("dispatch").getString("citizenId")).isEqualTo("c-1");
        assertThat(alarm.getJsonObject("dispatch").getString("response")).isEqualTo("HELP_SENT");
        assertThat(alarm.getJsonArray("timeline")).extracting(t -> ((JsonObject) t).getString("kind"))
                .containsExactly("RECEIVED", "FORWARDED_MUNICIPAL");
        assertThat(alarm.getJsonArray("deadlines")).hasSize(1);
        assertThat(alarm.getJsonArray("deadlines").getJsonObject(0).getString("outcome")).isEqualTo("ACTED");
        JsonObject delivery = alarm.getJsonArray("webhookDeliveries").getJsonObject(0);
        assertThat(delivery.getString("event")).isEqualTo("alarm.forwarded");
        assertThat(delivery.containsKey("payload")).isFalse();
        assertThat(delivery.containsKey("url")).isFalse();
        JsonObject justification = alarm.getJsonArray("justifications").getJsonObject(0);
        assertThat(justification.getString("state")).isEqualTo("SUBMITTED");
        assertThat(justification.getJsonArray("versions").getJsonObject(0).getString("text"))
                .isEqualTo("The worker was with another citizen.");
        assertThat(alarm.getJsonArray("charges").getJsonObject(0).getString("amountDkk")).isEqualTo("500.00");

        String all = out.encode();
        assertThat(all).doesNotContain("Poul Hansen", "c-2", "b-2", "ch-2", "token=secret",
                "00112233445566778899AABBCCDDEEFF");
    }

    @Test
    void unknownCitizenHasNoExport() throws SQLException {
        assertThat(export.export("c-404")).isEqualTo(Optional.empty());
    }

    @Test
    void citizenWithoutAlarmsStillGetsTheirRecord() throws SQLException {
        try (Connection c = db.connection()) {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM alarm_timeline WHERE alarm_id = ?")) {
                p.setLong(1, theirs);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM alarm_dispatch WHERE alarm_id = ?")) {
                p.setLong(1, theirs);
                p.executeUpdate();
            }
            c.commit();
        }
        JsonObject out = export.export("c-2").orElseThrow();
        assertThat(out.getJsonObject("citizen").getString("name")).isEqualTo("Poul Hansen");
        assertThat(out.getJsonArray("alarms")).isEmpty();
        assertThat(out.getJsonArray("deviceBindings")).hasSize(1);
        assertThat(out.getJsonArray("deletedDeviceBindings")).isEmpty();
    }
}
