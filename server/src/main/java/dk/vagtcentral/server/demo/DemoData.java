package dk.vagtcentral.server.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The demo's reference data as configured in {@code config/demo/reference-data.yaml} (built into the jar as
 * {@code /demo/reference-data.yaml}): municipalities with their towns, private suppliers and the phones of their
 * suppliers, and the name lists.
 * A malformed file is a build defect, so it fails loudly naming the key.
 */
record DemoData(List<Area> areas, List<String> citizenFirstNames, List<String> citizenSurnames, List<String> streets,
                List<String> keyNotes, List<String> workerFirstNames, List<String> workerSurnames,
                List<String> citizenLanguages, List<String> medicalNotes, List<String> practicalNotes,
                List<String> keyBoxLocations, List<String> contactRelations) {

    record Area(String id, String town, List<String> towns, List<Named> privateSuppliers, Contact homeCare,
                Contact fireAndRescue) {
    }

    record Named(String id, String name, Contact contact) {
    }

    /** A supplier's 24/7 phone and who to ask for on it. */
    record Contact(String phone, String contactPerson) {
    }

    static final String RESOURCE = "/demo/reference-data.yaml";

    static DemoData load() {
        try (InputStream in = DemoData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("demo reference data missing from the jar: " + RESOURCE);
            }
            Map<?, ?> root = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<Area> areas = new ArrayList<>();
            for (Object o : list(root, "municipalities")) {
                Map<?, ?> m = (Map<?, ?>) o;
                List<Named> privates = new ArrayList<>();
                for (Object p : list(m, "private-suppliers")) {
                    privates.add(new Named(text(p, "id"), text(p, "name"), contact(p)));
                }
                areas.add(new Area(text(m, "id"), text(m, "town"), strings(m, "towns"), List.copyOf(privates),
                        contact(map(m, "home-care")), contact(map(m, "fire-and-rescue"))));
            }
            return new DemoData(List.copyOf(areas), strings(root, "citizen-first-names"),
                    strings(root, "citizen-surnames"), strings(root, "streets"), strings(root, "key-notes"),
                    strings(root, "worker-first-names"), strings(root, "worker-surnames"),
                    strings(root, "citizen-languages"), strings(root, "medical-notes"),
                    strings(root, "practical-notes"), strings(root, "key-box-locations"),
                    strings(root, "contact-relations"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(RESOURCE + ": " + e.getMessage(), e);
        }
    }

    private static List<?> list(Object map, String key) {
        Object v = ((Map<?, ?>) map).get(key);
        if (!(v instanceof List<?> l) || l.isEmpty()) {
            throw new IllegalStateException(key + ": must be a non-empty list");
        }
        return l;
    }

    private static List<String> strings(Object map, String key) {
        return list(map, key).stream().map(String::valueOf).toList();
    }

    private static Map<?, ?> map(Object map, String key) {
        Object v = ((Map<?, ?>) map).get(key);
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalStateException(key + ": must be a map with phone and contact-person");
        }
        return m;
    }

    private static Contact contact(Object map) {
        return new Contact(text(map, "phone"), text(map, "contact-person"));
    }

    private static String text(Object map, String key) {
        Object v = ((Map<?, ?>) map).get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            throw new IllegalStateException(key + ": is required");
        }
        return String.valueOf(v);
    }
}
