package ketch.distribution.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault-injecting TCP proxy in front of one member's peer port: the member advertises the
 * proxy's port, so every connection to it passes here. The proxy reads the sender's member id
 * from the connection's hello (tcp: the first frame; websocket: the upgrade's Ketch-Member-From),
 * so a fault can cut one member off in both directions while the others still talk.
 *
 * <p>Modes per member, applied to every connection from or to it: {@code PASS}; {@code DROP}
 * (close its connections, and new ones at once); {@code DELAY} (hold each chunk for the delay);
 * {@code BLACKHOLE} (accept and swallow: nothing arrives, nothing is closed). Healing closes the
 * connections that swallowed bytes, since their streams have gaps; the dialers reconnect.
 */
final class PeerProxy implements AutoCloseable {
    enum Mode { PASS, DROP, DELAY, BLACKHOLE }

    /** The faults of a whole cluster, shared by its proxies. */
    static final class Faults {
        private final Map<Long, Mode> byMember = new ConcurrentHashMap<>();
        private volatile long delayMillis = 200;

        void set(long memberId, Mode mode) {
            byMember.put(memberId, mode);
        }

        void healAll() {
            byMember.clear();
        }

        void delay(long millis) {
            delayMillis = millis;
        }

        Mode between(long from, long to) {
            Mode a = byMember.getOrDefault(from, Mode.PASS);
            Mode b = byMember.getOrDefault(to, Mode.PASS);
            return a.ordinal() >= b.ordinal() ? a : b; // the harsher fault wins
        }
    }

    private static final Pattern WS_FROM = Pattern.compile("(?im)^Ketch-Member-From:\\s*([0-9a-f]+)\\s*$");
    private static final Pattern WS_TO = Pattern.compile("(?im)^Ketch-Member-To:\\s*([0-9a-f]+)\\s*$");

    private final ServerSocket server;
    private final int targetPort;
    private final boolean websocket;
    private final Faults faults;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();

    private PeerProxy(ServerSocket server, int targetPort, boolean websocket, Faults faults) {
        this.server = server;
        this.targetPort = targetPort;
        this.websocket = websocket;
        this.faults = faults;
    }

    /** A proxy on {@code listenPort} to the member listening on {@code targetPort}. */
    static PeerProxy start(int listenPort, int targetPort, String transport, Faults faults) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        PeerProxy proxy = new PeerProxy(server, targetPort, transport.equals("websocket"), faults);
        Thread.ofVirtual().name("proxy-accept-" + listenPort).start(proxy::acceptLoop);
        return proxy;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One proxied connection: the dialer's socket, the member's socket, and whether bytes were swallowed. */
    private final class Link {
        final Socket client;
        volatile Socket target;
        final long from;
        final long to;
        volatile boolean swallowed;

        Link(Socket client, long from, long to) {
            this.client = client;
            this.from = from;
            this.to = to;
        }

        Mode mode() {
            return faults.between(from, to);
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            if (target != null) closeQuietly(target);
        }
    }

    private void serve(Socket client) {
        try {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            byte[] hello = readHello(in);
            Link link = websocket ? new Link(client, wsId(hello, WS_FROM), wsId(hello, WS_TO))
                    : new Link(client, ByteBuffer.wrap(hello, 13, 8).getLong(), ByteBuffer.wrap(hello, 21, 8).getLong());
            links.add(link);
            Mode mode = link.mode();
            if (mode == Mode.DROP) {
                link.close();
                return;
            }
            if (mode == Mode.BLACKHOLE) {
                link.swallowed = true;
                pump(link, in, OutputStream.nullOutputStream(), true);
                return;
            }
            Socket target = new Socket();
            target.setTcpNoDelay(true);
            target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 3000);
            link.target = target;
            forward(link, hello, target.getOutputStream());
            Thread.ofVirtual().start(() -> pump(link, safeInput(target), safeOutput(client), false));
            pump(link, in, target.getOutputStream(), true);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
        }
    }

    /** Copies one direction chunk by chunk, applying the link's current mode to each chunk. */
    private void pump(Link link, InputStream in, OutputStream out, boolean towardsMember) {
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                byte[] chunk = java.util.Arrays.copyOf(buffer, n);
                if (!forward(link, chunk, out)) return;
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            link.close();
        }
    }

    private boolean forward(Link link, byte[] chunk, OutputStream out) throws IOException {
        switch (link.mode()) {
            case DROP -> {
                link.close();
                return false;
            }
            case BLACKHOLE -> {
                link.swallowed = true;
                return true;
            }
            case DELAY -> {
                try {
                    Thread.sleep(faults.delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            case PASS -> {
                if (link.swallowed) { // its stream has a gap: start over on a new connection
                    link.close();
                    return false;
                }
            }
        }
        out.write(chunk);
        out.flush();
        return true;
    }

    /** Applies changed faults to connections that carry no traffic now: drops, and heals of swallowed ones. */
    void refresh() {
        for (Link link : links) {
            Mode mode = link.mode();
            if (mode == Mode.DROP || (mode == Mode.PASS && link.swallowed)) link.close();
        }
    }

    private byte[] readHello(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        if (!websocket) {
            // tcp: length (4) | crc (4) | magic (4) | version (1) | from (8) | to (8)
            byte[] head = in.readNBytes(29);
            if (head.length < 29) throw new IOException("closed before the hello");
            return head;
        }
        while (seen.size() < 16 * 1024) {
            int b = in.read();
            if (b < 0) throw new IOException("closed before the upgrade");
            seen.write(b);
            byte[] bytes = seen.toByteArray();
            int len = bytes.length;
            if (len >= 4 && bytes[len - 4] == '\r' && bytes[len - 3] == '\n' && bytes[len - 2] == '\r' && bytes[len - 1] == '\n') return bytes;
        }
        throw new IOException("no end of the upgrade request");
    }

    private static long wsId(byte[] request, Pattern header) {
        Matcher m = header.matcher(new String(request, StandardCharsets.ISO_8859_1));
        if (!m.find()) throw new IllegalStateException("no " + header + " header in the upgrade");
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    private static InputStream safeInput(Socket s) {
        try {
            return s.getInputStream();
        } catch (IOException e) {
            return InputStream.nullInputStream();
        }
    }

    private static OutputStream safeOutput(Socket s) {
        try {
            return s.getOutputStream();
        } catch (IOException e) {
            return OutputStream.nullOutputStream();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Link link : links) link.close();
    }
}
