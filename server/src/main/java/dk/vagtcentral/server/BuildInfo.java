package dk.vagtcentral.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and commit this server was built from: {@code build.properties}, filtered by Maven at build time
 * (server/pom.xml), else the jar manifest's Implementation-Version. Exported as {@code vagtcentral_build_info} = 1,
 * so a dashboard shows which nodes run which build during a rolling upgrade.
 */
public record BuildInfo(String version, String commit) {
    static final String RESOURCE = "/dk/vagtcentral/server/build.properties";

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String version = filtered(p.getProperty("version"));
        if (version == null) {
            version = BuildInfo.class.getPackage().getImplementationVersion();
        }
        String commit = filtered(p.getProperty("commit"));
        return new BuildInfo(version == null ? "unknown" : version, commit == null ? "unknown" : commit);
    }

    /** A value Maven did not fill in (run from unfiltered sources) is none. */
    private static String filtered(String value) {
        return value == null || value.isBlank() || value.contains("${") ? null : value.strip();
    }

    public void register(MeterRegistry registry) {
        Gauge.builder("vagtcentral.build.info", () -> 1)
                .description("The version and commit this server was built from as labels; always 1")
                .tag("version", version).tag("commit", commit).register(registry);
    }
}
