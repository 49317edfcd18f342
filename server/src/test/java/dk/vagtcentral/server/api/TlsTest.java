package dk.vagtcentral.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.VagtcentralServer;
import dk.vagtcentral.server.config.ConfigException;
import dk.vagtcentral.server.config.ConfigLoader;
import dk.vagtcentral.server.config.ServerConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PEM certificate and key in the configuration, and a start refused when they cannot be used. */
class TlsTest {

    @Test
    void theServerSpeaksHttpsWithTheConfiguredCertificateAndSendsHsts(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        try (VagtcentralServer server = VagtcentralServer.start(ConfigLoader.load(null, overrides(dir, Map.of(
                "http.tls", true, "tls.cert-file", cert.certificatePath(), "tls.key-file", cert.privateKeyPath()))),
                Clock.systemUTC())) {
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(Path.of(cert.certificatePath())))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            String base = "https://localhost:" + server.httpPort();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Strict-Transport-Security"))
                    .hasValue(HttpEdge.STRICT_TRANSPORT_SECURITY);
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            new JsonObject().put("username", "admin").put("password", TestServer.ADMIN_PASSWORD)
                                    .encode())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.2",
                    "TLSv1.3"));

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.httpPort() + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString())).as("no plain HTTP on the TLS port")
                    .isInstanceOf(java.io.IOException.class);
        } finally {
            cert.delete();
        }
    }

    @Test
    void dc09OverTlsIsAckedWithTheSameCertificate(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        try (TestServer server = TestServer.start(dir, Map.of("dc09.tls", true, "dc09.udp", false,
                "tls.cert-file", cert.certificatePath(), "tls.key-file", cert.privateKeyPath()))) {
            dk.vagtcentral.protocol.dc09.Dc09Message m = new dk.vagtcentral.protocol.dc09.Dc09Message("SIA-DCS", false,
                    7, null, "0", "1000", "#1000|NQA001", java.util.List.of(), null);
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trusting(Path.of(cert.certificatePath()))
                    .getSocketFactory().createSocket("localhost", server.server.dc09Port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(dk.vagtcentral.protocol.dc09.Dc09Codec.encode(m));
                java.io.ByteArrayOutputStream reply = new java.io.ByteArrayOutputStream();
                int b;
                while ((b = socket.getInputStream().read()) >= 0) {
                    reply.write(b);
                    if (b == '\r') {
                        break;
                    }
                }
                assertThat(socket.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
                dk.vagtcentral.protocol.dc09.Dc09Message ack = dk.vagtcentral.protocol.dc09.Dc09Codec
                        .decodeFrame(reply.toByteArray(), dk.vagtcentral.protocol.dc09.KeyResolver.NONE).message();
                assertThat(ack.id()).isEqualTo("ACK");
                assertThat(ack.sequence()).isEqualTo(7);
            }
            try (java.net.Socket plain = new java.net.Socket("127.0.0.1", server.server.dc09Port())) {
                plain.setSoTimeout(3_000);
                plain.getOutputStream().write(dk.vagtcentral.protocol.dc09.Dc09Codec.encode(m));
                int first;
                try {
                    first = plain.getInputStream().read();
                } catch (java.io.IOException e) {
                    first = -1;
                }
                assertThat(first).as("no plain DC-09 on the TLS port: no ACK byte (LF)").isNotEqualTo('\n');
            }
        } finally {
            cert.delete();
        }
    }

    @Test
    void aMissingOrWrongCertificateFileStopsTheStartNamingItsKey(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        try {
            assertKey(dir, Map.of("http.tls", true), "http.tls");
            assertKey(dir, Map.of("tls.cert-file", dir.resolve("missing.pem").toString(), "tls.key-file",
                    cert.privateKeyPath()), "tls.cert-file");
            assertKey(dir, Map.of("tls.cert-file", cert.certificatePath()), "tls.key-file");
            // the certificate given as the key
            assertKey(dir, Map.of("tls.cert-file", cert.certificatePath(), "tls.key-file", cert.certificatePath()),
                    "tls.key-file");
            Path unreadable = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
            assertKey(dir, Map.of("tls.cert-file", unreadable.toString(), "tls.key-file", cert.privateKeyPath()),
                    "tls.cert-file");
            ServerConfig ok = ConfigLoader.load(null, overrides(dir, Map.of("tls.cert-file", cert.certificatePath(),
                    "tls.key-file", cert.privateKeyPath())));
            assertThat(ok.tls().configured()).isTrue();
            assertThat(ok.http().tls()).as("off unless asked for").isFalse();
        } finally {
            cert.delete();
        }
    }

    private static void assertKey(Path dir, Map<String, Object> extra, String key) {
        assertThatThrownBy(() -> ConfigLoader.load(null, overrides(dir, extra)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(key));
    }

    private static Map<String, Object> overrides(Path dir, Map<String, Object> extra) {
        Map<String, Object> o = new HashMap<>();
        o.put("data-dir", dir.toString());
        o.put("dc09.host", "127.0.0.1");
        o.put("dc09.port", 0);
        o.put("dc09.udp", false);
        o.put("http.host", "127.0.0.1");
        o.put("http.port", 0);
        o.put("auth.admin-password", TestServer.ADMIN_PASSWORD);
        o.putAll(extra);
        return o;
    }

    /** A client context that trusts exactly this certificate. */
    private static SSLContext trusting(Path certFile) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certFile)) {
            trust.setCertificateEntry("server", (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
