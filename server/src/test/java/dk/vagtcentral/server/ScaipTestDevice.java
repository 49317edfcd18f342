package dk.vagtcentral.server;

import dk.vagtcentral.protocol.scaip.Mrq;
import dk.vagtcentral.protocol.sip.SipCodec;
import dk.vagtcentral.protocol.sip.SipDecodeResult;
import dk.vagtcentral.protocol.sip.SipHeaders;
import dk.vagtcentral.protocol.sip.SipMessage;
import dk.vagtcentral.protocol.sip.SipRequest;
import dk.vagtcentral.protocol.sip.SipResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SCAIP device for tests, at the byte level: writes SIP text it builds itself (so tests can send exactly what a
 * device sends, malformed too) over UDP or TCP from 127.0.0.1, and reads what the receiver sends back.
 */
public final class ScaipTestDevice implements AutoCloseable {
    private static final AtomicInteger BRANCHES = new AtomicInteger();
    private final boolean tcp;
    private final int serverPort;
    private final DatagramSocket udp;
    private final Socket socket;
    private final InputStream in;

    private ScaipTestDevice(boolean tcp, int serverPort) throws IOException {
        this.tcp = tcp;
        this.serverPort = serverPort;
        if (tcp) {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", serverPort), 5_000);
            socket.setSoTimeout(5_000);
            in = socket.getInputStream();
            udp = null;
        } else {
            udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            udp.setSoTimeout(5_000);
            socket = null;
            in = null;
        }
    }

    public static ScaipTestDevice udp(int serverPort) throws IOException {
        return new ScaipTestDevice(false, serverPort);
    }

    public static ScaipTestDevice tcp(int serverPort) throws IOException {
        return new ScaipTestDevice(true, serverPort);
    }

    public int localPort() {
        return tcp ? socket.getLocalPort() : udp.getLocalPort();
    }

    public String transport() {
        return tcp ? "TCP" : "UDP";
    }

    /** A MESSAGE from controller {@code cid} with this body, a fresh branch and Call-ID; extra header lines as given. */
    public String message(String cid, String body, String... extraHeaders) {
        return request("MESSAGE", cid, body, "application/scaip+xml", "z9hG4bK-t" + BRANCHES.incrementAndGet(),
                UUID.randomUUID().toString(), 1, extraHeaders);
    }

    public String message(String cid, Mrq mrq, String... extraHeaders) {
        return message(cid, mrq.xml(), extraHeaders);
    }

    public String request(String method, String cid, String body, String contentType, String branch, String callId,
                          int cseq, String... extraHeaders) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(" sip:alarm@127.0.0.1:").append(serverPort).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/").append(transport()).append(" 127.0.0.1:").append(localPort())
                .append(";branch=").append(branch).append(";rport\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <sip:").append(cid).append("@127.0.0.1:").append(localPort()).append(">;tag=dev")
                .append(cid).append("\r\n");
        sb.append("To: <sip:alarm@127.0.0.1:").append(serverPort).append(">\r\n");
        sb.append("Call-ID: ").append(callId).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0) {
            sb.append("Content-Type: ").append(contentType).append("\r\n");
        }
        sb.append("Content-Length: ").append(b.length).append("\r\n\r\n").append(body);
        return sb.toString();
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        if (tcp) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } else {
            udp.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName("127.0.0.1"), serverPort));
        }
    }

    /** The next message from the receiver, or null when none comes within {@code timeoutMillis}. */
    public SipMessage receive(int timeoutMillis) throws IOException {
        byte[] raw = receiveRaw(timeoutMillis);
        if (raw == null) {
            return null;
        }
        SipDecodeResult r = SipCodec.decodeDatagram(raw);
        if (!r.isSuccess()) {
            throw new IOException("the receiver sent something that is not SIP: " + r + ": "
                    + new String(raw, StandardCharsets.UTF_8));
        }
        return r.message();
    }

    public SipMessage receive() throws IOException {
        return receive(5_000);
    }

    /** The next response; fails when a request or nothing arrives. */
    public SipResponse response() throws IOException {
        SipMessage m = receive();
        if (!(m instanceof SipResponse r)) {
            throw new IOException("expected a response, got " + m);
        }
        return r;
    }

    /** The next request from the receiver (its {@code <mrs>} MESSAGE); fails when a response or nothing arrives. */
    public SipRequest request() throws IOException {
        SipMessage m = receive();
        if (!(m instanceof SipRequest r)) {
            throw new IOException("expected a request, got " + m);
        }
        return r;
    }

    /** Answers a request from the receiver with 200 OK, as a device does. */
    public void ok(SipRequest r) throws IOException {
        StringBuilder sb = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String via : r.headers().all(SipHeaders.VIA)) {
            sb.append("Via: ").append(via).append("\r\n");
        }
        sb.append("From: ").append(r.header(SipHeaders.FROM)).append("\r\n");
        sb.append("To: ").append(r.header(SipHeaders.TO)).append(";tag=dev\r\n");
        sb.append("Call-ID: ").append(r.callId()).append("\r\n");
        sb.append("CSeq: ").append(r.header(SipHeaders.CSEQ)).append("\r\nContent-Length: 0\r\n\r\n");
        send(sb.toString());
    }

    /** Raw bytes of the next message: a datagram, or over TCP one message framed by its Content-Length. */
    public byte[] receiveRaw(int timeoutMillis) throws IOException {
        try {
            if (!tcp) {
                udp.setSoTimeout(timeoutMillis);
                byte[] buf = new byte[65_535];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                byte[] out = new byte[p.getLength()];
                System.arraycopy(buf, 0, out, 0, out.length);
                return out;
            }
            socket.setSoTimeout(timeoutMillis);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (head.size() == 0 && (b == '\r' || b == '\n')) {
                    continue; // keep-alive pongs between messages
                }
                head.write(b);
                byte[] h = head.toByteArray();
                int n = h.length;
                if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                    break;
                }
            }
            if (b < 0) {
                return null;
            }
            String headText = head.toString(StandardCharsets.UTF_8);
            int length = 0;
            for (String line : headText.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && (line.substring(0, colon).strip().equalsIgnoreCase("Content-Length")
                        || line.substring(0, colon).strip().equals("l"))) {
                    length = Integer.parseInt(line.substring(colon + 1).strip());
                }
            }
            byte[] body = in.readNBytes(length);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(head.toByteArray());
            all.writeBytes(body);
            return all.toByteArray();
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Over TCP: the next raw bytes, whatever they are (for the keep-alive pong); null on timeout. */
    public byte[] readAvailable(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        byte[] buf = new byte[256];
        try {
            int n = in.read(buf);
            if (n < 0) {
                return null;
            }
            byte[] out = new byte[n];
            System.arraycopy(buf, 0, out, 0, n);
            return out;
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Over TCP: whether the receiver closed the connection (end of stream within the timeout). */
    public boolean closedByPeer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        if (tcp) {
            socket.close();
        } else {
            udp.close();
        }
    }
}
