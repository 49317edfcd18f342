package dk.vagtcentral.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.scaip.Mrq;
import dk.vagtcentral.server.ScaipTestDevice;
import dk.vagtcentral.server.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SCAIP over TLS with the server's certificate (scaip.tls), the same settings as the other listeners. */
class ScaipTlsTest {
    @Test
    void anAlarmOverTlsIsStoredAndAnsweredOnTheSameConnection(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        try (TestServer server = TestServer.start(dir, Map.of("scaip.port", 0, "scaip.tls", true, "scaip.udp", false,
                "tls.cert-file", cert.certificatePath(), "tls.key-file", cert.privateKeyPath()))) {
            int port = server.server.scaipPort();
            String cid = "4510001030";
            String request;
            try (ScaipTestDevice template = ScaipTestDevice.udp(port)) {
                request = template.message(cid, Mrq.of("ref", "T1", "cid", cid, "dty", "3", "stc", "10"))
                        .replace("SIP/2.0/UDP", "SIP/2.0/TLS");
            }
            try (SSLSocket socket = (SSLSocket) trusting(Path.of(cert.certificatePath())).getSocketFactory()
                    .createSocket("localhost", port)) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                int b;
                while (!got.toString(StandardCharsets.UTF_8).contains("</mrs>") && (b = socket.getInputStream().read()) >= 0) {
                    got.write(b);
                }
                String text = got.toString(StandardCharsets.UTF_8);
                assertThat(socket.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
                assertThat(text).startsWith("SIP/2.0 200 OK").contains("MESSAGE sip:" + cid)
                        .contains("Via: SIP/2.0/TLS ").contains("<mrs><ref>T1</ref><snu>0</snu></mrs>");
            }
            JsonObject stored = new JsonObject(server.get("/api/v1/alarms?account=" + cid).body()).getJsonArray("items")
                    .getJsonObject(0);
            assertThat(stored.getString("source")).isEqualTo("SCAIP_TCP");
        } finally {
            cert.delete();
        }
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
