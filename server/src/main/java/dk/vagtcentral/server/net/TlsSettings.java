package dk.vagtcentral.server.net;

import dk.vagtcentral.server.config.ConfigException;
import dk.vagtcentral.server.config.ServerConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TCPSSLOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * The server's certificate and private key (PEM files from {@code tls.cert-file} and {@code tls.key-file}), read
 * once, for any listener that speaks TLS: the HTTP server ({@code http.tls}) and the DC-09 TCP receiver both call
 * {@link #applyTo}. TLS 1.2 and 1.3 only.
 *
 * <p>A missing, unreadable or non-PEM file is a {@link ConfigException} naming its key, at startup rather than at the
 * first handshake.
 */
public final class TlsSettings {
    /** The protocol versions offered; older ones are broken or deprecated (RFC 8996). */
    public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    private final Path certFile;
    private final Path keyFile;
    private final Buffer cert;
    private final Buffer key;

    private TlsSettings(Path certFile, Path keyFile, Buffer cert, Buffer key) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.cert = cert;
        this.key = key;
    }

    /** Reads the configured files; {@link ConfigException} when TLS is not configured or a file cannot be used. */
    public static TlsSettings of(ServerConfig.Tls tls) {
        Objects.requireNonNull(tls);
        if (!tls.configured()) {
            throw new ConfigException("tls.cert-file", "is required for TLS (with tls.key-file)");
        }
        Buffer cert = Buffer.buffer(requirePem("tls.cert-file", tls.certFile(), "CERTIFICATE"));
        Buffer key = Buffer.buffer(requirePem("tls.key-file", tls.keyFile(), "PRIVATE KEY"));
        return new TlsSettings(tls.certFile(), tls.keyFile(), cert, key);
    }

    /**
     * The bytes of a PEM file holding a {@code -----BEGIN ...<kind>-----} block ({@code PRIVATE KEY} also matches
     * {@code RSA PRIVATE KEY} and {@code EC PRIVATE KEY}); a {@link ConfigException} naming {@code key} otherwise.
     */
    public static byte[] requirePem(String key, Path file, String kind) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(key, "no such file: " + file);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            throw new ConfigException(key, "cannot read " + file + ": " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN ");
        int end = begin < 0 ? -1 : text.indexOf("-----", begin + 11);
        if (begin < 0 || end < 0 || !text.substring(begin + 11, end).endsWith(kind)) {
            throw new ConfigException(key, file + " is not a PEM file with a " + kind + " (-----BEGIN ..." + kind
                    + "-----)");
        }
        return bytes;
    }

    /** The certificate and key as Vert.x key-cert options. */
    public PemKeyCertOptions keyCertOptions() {
        return new PemKeyCertOptions().setCertValue(cert.copy()).setKeyValue(key.copy());
    }

    /** Turns TLS on for a server's options (HTTP or TCP): this certificate, TLS 1.2 and 1.3 only. */
    public <T extends TCPSSLOptions> T applyTo(T options) {
        options.setSsl(true);
        options.setKeyCertOptions(keyCertOptions());
        options.setEnabledSecureTransportProtocols(PROTOCOLS);
        return options;
    }

    public Path certFile() {
        return certFile;
    }

    public Path keyFile() {
        return keyFile;
    }
}
