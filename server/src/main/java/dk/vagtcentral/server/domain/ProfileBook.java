package dk.vagtcentral.server.domain;

import java.util.Map;
import java.util.Objects;

/**
 * The rule profile of every municipality on record, as a value: what the decider reads to know a municipality's
 * rules. A municipality without a profile of its own (or an alarm with no municipality) gets {@code defaults}.
 */
public record ProfileBook(Map<String, RuleProfile> byMunicipality, RuleProfile defaults) {

    public ProfileBook {
        byMunicipality = Map.copyOf(byMunicipality);
        Objects.requireNonNull(defaults, "defaults");
    }

    public static ProfileBook only(RuleProfile profile) {
        return new ProfileBook(Map.of(), profile);
    }

    public RuleProfile forMunicipality(String municipalityId) {
        return municipalityId == null ? defaults : byMunicipality.getOrDefault(municipalityId, defaults);
    }
}
