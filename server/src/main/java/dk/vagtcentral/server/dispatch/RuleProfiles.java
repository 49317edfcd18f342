package dk.vagtcentral.server.dispatch;

import dk.vagtcentral.server.config.MunicipalityProfiles;
import dk.vagtcentral.server.domain.Municipality;
import dk.vagtcentral.server.domain.ProfileBook;
import dk.vagtcentral.server.domain.RuleProfile;
import dk.vagtcentral.server.store.ReferenceStore;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule profile of a municipality: the municipality names its profile, the profiles come from configuration.
 * The municipality-to-profile map is re-read whenever reference data changed. A municipality without a known
 * profile gets the defaults (30 minutes, the default ladder), logged as a warning.
 */
public final class RuleProfiles {
    private static final Logger LOG = LoggerFactory.getLogger(RuleProfiles.class);

    private final ReferenceStore references;
    private final MunicipalityProfiles profiles;
    private final RuleProfile defaults;
    private Map<String, String> profileOfMunicipality = Map.of();
    private long loadedAtChange = -1;
    private ProfileBook book;

    public RuleProfiles(ReferenceStore references, MunicipalityProfiles profiles) {
        this.references = references;
        this.profiles = profiles;
        this.defaults = RuleProfile.defaults("default", "Default rules").timeScaled(profiles.timeScale());
    }

    public synchronized RuleProfile forMunicipality(String municipalityId) {
        if (municipalityId == null) {
            return defaults;
        }
        long changes = references.changeCount();
        if (changes != loadedAtChange || !profileOfMunicipality.containsKey(municipalityId)) {
            reload(changes);
        }
        String profileId = profileOfMunicipality.get(municipalityId);
        RuleProfile p = profileId == null ? null : profiles.find(profileId).orElse(null);
        if (p == null) {
            LOG.warn("event=dispatch.profile_missing municipality={} profile={} using=defaults", municipalityId, profileId);
            return defaults;
        }
        return p;
    }

    public int timeScale() {
        return profiles.timeScale();
    }

    /** Every municipality's profile as a value, for the decider; rebuilt when reference data changed. */
    public synchronized ProfileBook book() {
        long changes = references.changeCount();
        if (changes != loadedAtChange || book == null) {
            reload(changes);
        }
        return book;
    }

    private void reload(long changes) {
        try {
            Map<String, String> map = new HashMap<>();
            for (ReferenceStore.Stored<Municipality> m : references.municipalities()) {
                map.put(m.value().id(), m.value().profileId());
            }
            profileOfMunicipality = map;
            loadedAtChange = changes;
            Map<String, RuleProfile> byMunicipality = new HashMap<>();
            map.forEach((municipality, profileId) -> profiles.find(profileId)
                    .ifPresentOrElse(p -> byMunicipality.put(municipality, p), () -> LOG.warn(
                            "event=dispatch.profile_missing municipality={} profile={} using=defaults", municipality,
                            profileId)));
            book = new ProfileBook(byMunicipality, defaults);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read municipalities: " + e.getMessage(), e);
        }
    }
}
