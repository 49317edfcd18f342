package dk.vagtcentral.server;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.protocol.dc09.Dc09DecodeResult;
import dk.vagtcentral.protocol.dc09.KeyResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A byte-level DC-09 client for tests: writes exactly the bytes given and reads one reply frame. */
public final class Dc09TestClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    public Dc09TestClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        in = socket.getInputStream();
    }

    public void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** The next reply frame decoded, or null when none arrives within {@code timeoutMillis}. */
    public Dc09DecodeResult reply(KeyResolver keys, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return readFrame(in, keys);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Reads the next frame (LF ... CR) from {@code in} and decodes it; null at the end of the stream. */
    public static Dc09DecodeResult readFrame(InputStream in, KeyResolver keys) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                frame.reset();
            }
            frame.write(b);
            if (b == '\r') {
                return Dc09Codec.decodeFrame(frame.toByteArray(), keys);
            }
        }
        return null;
    }

    public Dc09DecodeResult reply() throws IOException {
        return reply(KeyResolver.NONE, 5_000);
    }

    public Dc09DecodeResult exchange(byte[] frame) throws IOException {
        send(frame);
        return reply();
    }

    /** Sends one datagram and decodes the reply datagram. */
    public static Dc09DecodeResult udpExchange(int port, byte[] frame, KeyResolver keys) throws IOException {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(5_000);
            udp.send(new DatagramPacket(frame, frame.length, InetAddress.getLoopbackAddress(), port));
            byte[] buf = new byte[2048];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            udp.receive(reply);
            byte[] bytes = new byte[reply.getLength()];
            System.arraycopy(buf, 0, bytes, 0, bytes.length);
            return Dc09Codec.decodeFrame(bytes, keys);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
