package dk.vagtcentral.server.auth;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first accounts. With {@code auth.admin-password} the {@code admin} account exists with that password after every
 * start. Without it, when no user exists at all, {@code admin} is created with a random password printed once to
 * stdout (never to the log). In demo mode with the demo reference data, the demo users are created as well, all with
 * {@link #DEMO_PASSWORD}, and their logins are printed.
 */
public final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);
    /** The documented password of every demo user (demo mode only). */
    public static final String DEMO_PASSWORD = "vagtcentral-demo";

    /** A demo login. */
    public record DemoUser(String username, String displayName, Role role, String supplierId, String municipalityId,
                           String workerId) {
    }

    public static final List<DemoUser> DEMO_USERS = List.of(
            new DemoUser("anna", "Anna (vagt, Odder Kystpleje)", Role.DISPATCHER, "odder-kystpleje", null, null),
            new DemoUser("bo", "Bo (vagt, Viborg Omsorg Nord)", Role.DISPATCHER, "viborg-omsorg-nord", null, null),
            new DemoUser("mette", "Mette (hjemmehjælper, Odder Kystpleje)", Role.WORKER, "odder-kystpleje", null,
                    "odder-kystpleje-w1"),
            new DemoUser("karen", "Karen (tilsyn, Odder Kommune)", Role.SUPERVISOR, null, "odder", null),
            new DemoUser("viggo", "Viggo (tilsyn, Viborg Kommune)", Role.SUPERVISOR, null, "viborg", null));

    private Bootstrap() {
    }

    public static void run(AuthStore store, String adminPassword, boolean demoUsers, PrintStream out, Instant now)
            throws SQLException {
        if (adminPassword != null) {
            boolean current = store.passwordHash("admin").map(h -> PasswordHasher.verify(adminPassword, h))
                    .orElse(false);
            // unchanged: keep the admin's sessions; changed (or disabled): set it, which ends the old sessions
            if (!current && !store.createUser("admin", "Administrator", Role.ADMIN, null, null, null,
                    PasswordHasher.hash(adminPassword), now)) {
                store.setPassword("admin", PasswordHasher.hash(adminPassword));
                store.setDisabled("admin", false);
            }
            LOG.info("event=auth.admin_configured username=admin");
        } else if (store.countUsers() == 0) {
            String password = PasswordHasher.randomToken(18);
            store.createUser("admin", "Administrator", Role.ADMIN, null, null, null, PasswordHasher.hash(password),
                    now);
            out.println("Vagtcentral: created the administrator account. Log in as \"admin\" with password "
                    + password + " (shown only this once; change it with PUT /api/v1/admin/users/admin/password)");
            LOG.info("event=auth.admin_created username=admin password_printed=stdout");
        }
        if (demoUsers) {
            int created = 0;
            for (DemoUser u : DEMO_USERS) {
                if (u.supplierId() != null && store.supplierMunicipality(u.supplierId()).isEmpty()) {
                    continue;
                }
                if (u.municipalityId() != null && !store.municipalityExists(u.municipalityId())) {
                    continue;
                }
                if (store.user(u.username()).isEmpty() && store.createUser(u.username(), u.displayName(), u.role(),
                        u.supplierId(), u.municipalityId(), u.workerId(), PasswordHasher.hash(DEMO_PASSWORD), now)) {
                    created++;
                }
            }
            StringBuilder sb = new StringBuilder("Vagtcentral demo logins (password \"" + DEMO_PASSWORD + "\"):");
            for (DemoUser u : DEMO_USERS) {
                sb.append(System.lineSeparator()).append("  ").append(u.username()).append("  ").append(u.role())
                        .append(" of ").append(u.supplierId() != null ? u.supplierId() : u.municipalityId());
            }
            out.println(sb);
            LOG.info("event=auth.demo_users created={}", created);
        }
    }
}
