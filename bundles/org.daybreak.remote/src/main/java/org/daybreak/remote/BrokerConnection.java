package org.daybreak.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.daybreak.core.job.RunTarget;
import org.daybreak.core.json.Json;

/**
 * A client's connection to a Daybreak broker: resolves the URL and the account, checks the host, sets up TLS trust,
 * and turns every way of failing to connect into one sentence ({@link IOException}).
 *
 * <p>URLs: {@code tcp://HOST:PORT} (plain), {@code tls://HOST:PORT} (TLS), {@code local} (the broker this user's
 * workbench or {@code daybreak broker} runs on this machine, found through {@code ~/.daybreak/broker/broker.json}),
 * {@code vm://N} (in this process). Accounts: {@code user} + the first line of {@code passwordFile}; with neither,
 * the local broker's admin account ({@code ~/.daybreak/broker/admin.password}). TLS trust: option {@code trust}
 * (a PEM certificate or a PKCS12/JKS trust store) or {@code fingerprint} (the SHA-256 fingerprint the broker printed;
 * the certificate is pinned), else the JVM's default trust store. Thread rule: sessions are single-threaded; the
 * connection itself is thread-safe.
 */
public final class BrokerConnection implements AutoCloseable {
    /** Client connection time-to-live: a frozen client is dropped by the broker after this (its jobs requeued). */
    public static final long CONNECTION_TTL_MS = 10_000;
    private final String url;
    private final String user;
    private final String password;
    private final ServerLocator locator;
    private final ClientSessionFactory factory;

    private BrokerConnection(String url, String user, String password, ServerLocator locator,
            ClientSessionFactory factory) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.locator = locator;
        this.factory = factory;
    }

    /** The directory of this user's local broker: {@code ~/.daybreak/broker} (system property daybreak.broker.dir). */
    public static Path localBrokerDir() {
        String d = System.getProperty("daybreak.broker.dir");
        return d != null ? Path.of(d) : Path.of(System.getProperty("user.home"), ".daybreak", "broker");
    }

    public static BrokerConnection open(RunTarget t, boolean worker) throws IOException {
        return open(t.remote(), t.user(), t.passwordFile(), t.options(), worker);
    }

    /**
     * Connects and checks the account by opening (and closing) one session.
     *
     * @param worker true for a worker: no client-side message buffering, so a waiting job stays on the broker for
     *               another worker
     */
    public static BrokerConnection open(String url, String user, String passwordFile, Map<String, String> options,
            boolean worker) throws IOException {
        String shown = url == null ? "local" : url;
        if (url == null || url.equals("local")) {
            Path dir = localBrokerDir();
            Path info = dir.resolve("broker.json");
            if (!Files.isRegularFile(info)) {
                throw new IOException("no local broker is running (start the workbench, or 'daybreak broker --data "
                        + "DIR'), and no broker was named (--broker URL or DAYBREAK_BROKER)");
            }
            Object u = Json.parseObject(Files.readString(info)).get("url");
            if (!(u instanceof String s)) {
                throw new IOException(info + " names no broker URL");
            }
            url = s;
            if (user == null && passwordFile == null) {
                user = "admin";
                passwordFile = dir.resolve("admin.password").toString();
            }
        }
        if (user == null) {
            user = "admin";
        }
        String password = readPassword(passwordFile, shown, user);
        String artemisUrl = artemisUrl(url, options == null ? Map.of() : options);
        ServerLocator locator;
        try {
            locator = ActiveMQClient.createServerLocator(artemisUrl);
        } catch (Exception e) {
            throw new IOException("'" + url + "' is not a broker URL (tcp://HOST:PORT, tls://HOST:PORT or local)");
        }
        locator.setConnectionTTL(CONNECTION_TTL_MS).setClientFailureCheckPeriod(CONNECTION_TTL_MS / 4)
                .setCallTimeout(15_000).setInitialConnectAttempts(1).setReconnectAttempts(0)
                .setUseGlobalPools(false).setThreadPoolMaxSize(8).setScheduledThreadPoolMaxSize(2);
        if (worker) {
            locator.setConsumerWindowSize(Integer.getInteger("daybreak.worker.window", 0));
        }
        ClientSessionFactory factory = null;
        try {
            factory = locator.createSessionFactory();
            BrokerConnection c = new BrokerConnection(url, user, password, locator, factory);
            c.session(false).close();
            return c;
        } catch (Exception e) {
            if (factory != null) {
                factory.close();
            }
            locator.close();
            throw explain(e, url, user);
        }
    }

    private static String readPassword(String passwordFile, String url, String user) throws IOException {
        if (passwordFile == null) {
            throw new IOException("no password for user '" + user + "' on " + url
                    + ": give --password-file FILE (or DAYBREAK_PASSWORD_FILE)");
        }
        Path p = Path.of(passwordFile);
        if (!Files.isReadable(p)) {
            throw new IOException("cannot read the password file " + passwordFile);
        }
        String s = Files.readString(p, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).strip();
    }

    static String artemisUrl(String url, Map<String, String> options) throws IOException {
        if (url.startsWith("vm://")) {
            return url;
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IOException("'" + url + "' is not a broker URL (tcp://HOST:PORT, tls://HOST:PORT or local)");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("tls") || u.getHost() == null || u.getPort() <= 0) {
            throw new IOException("'" + url + "' is not a broker URL (tcp://HOST:PORT, tls://HOST:PORT or local)");
        }
        try {
            InetAddress.getByName(u.getHost());
        } catch (UnknownHostException e) {
            throw new IOException("unknown host '" + u.getHost() + "' in broker URL " + url);
        }
        StringBuilder b = new StringBuilder("tcp://").append(u.getHost()).append(':').append(u.getPort())
                .append("?protocols=CORE");
        if (scheme.equals("tls")) {
            b.append("&sslEnabled=true");
            String trust = options.getOrDefault("trust", System.getenv("DAYBREAK_TRUST"));
            String pin = options.getOrDefault("fingerprint", System.getenv("DAYBREAK_FINGERPRINT"));
            if (pin != null && !pin.isBlank()) {
                Path store = pinnedTrustStore(u.getHost(), u.getPort(), pin);
                b.append("&trustStorePath=").append(store).append("&trustStorePassword=daybreak")
                        .append("&trustStoreType=PKCS12&verifyHost=false");
            } else if (trust != null && !trust.isBlank()) {
                String type = trust.endsWith(".pem") || trust.endsWith(".crt") ? "PEM"
                        : trust.endsWith(".jks") ? "JKS" : "PKCS12";
                if (!Files.isReadable(Path.of(trust))) {
                    throw new IOException("cannot read the trust store " + trust);
                }
                b.append("&trustStorePath=").append(Path.of(trust).toAbsolutePath()).append("&trustStoreType=")
                        .append(type).append("&verifyHost=true");
                if (!type.equals("PEM")) {
                    b.append("&trustStorePassword=")
                            .append(options.getOrDefault("trust-password", "changeit"));
                }
            }
        } else if (u.getQuery() != null) {
            throw new IOException("broker URL " + url + ": options after '?' are not taken; use tls:// for TLS");
        }
        return b.toString();
    }

    /**
     * Fetches the broker's certificate, checks it against the pinned SHA-256 fingerprint and writes a trust store
     * holding exactly that certificate, so the real connection trusts nothing else.
     */
    private static Path pinnedTrustStore(String host, int port, String pin) throws IOException {
        String want = pin.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (!want.matches("[0-9a-f]{64}")) {
            throw new IOException("--fingerprint needs the SHA-256 fingerprint (64 hex digits, colons allowed)");
        }
        X509Certificate[] chain = new X509Certificate[1];
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] c, String a) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] c, String a) {
                    chain[0] = c[0];
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, port)) {
                s.setSoTimeout(10_000);
                s.startHandshake();
            }
        } catch (IOException e) {
            throw new IOException("TLS handshake with " + host + ":" + port + " failed (is it a TLS port?): "
                    + e.getMessage());
        } catch (Exception e) {
            throw new IOException("TLS set-up failed: " + e.getMessage());
        }
        try {
            String got = fingerprint(chain[0]);
            if (!got.replace(":", "").equalsIgnoreCase(want)) {
                throw new IOException("the broker at " + host + ":" + port + " shows certificate " + got
                        + ", not the pinned fingerprint; refusing to connect");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("broker", chain[0]);
            Path f = Files.createTempFile("daybreak-pin-", ".p12");
            f.toFile().deleteOnExit();
            try (var out = Files.newOutputStream(f)) {
                ks.store(out, "daybreak".toCharArray());
            }
            return f;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot pin the broker's certificate: " + e.getMessage());
        }
    }

    /** SHA-256 fingerprint as colon-separated upper-case hex, as keytool prints it. */
    public static String fingerprint(Certificate c) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    }

    static IOException explain(Throwable e, String url, String user) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ActiveMQSecurityException) {
                return new IOException("the broker at " + url + " refused user '" + user
                        + "' (wrong user name or password, or the account lacks the role)");
            }
            if (t instanceof javax.net.ssl.SSLException || t.getClass().getName().contains("SSL")
                    || String.valueOf(t.getMessage()).contains("SSL")) {
                return new IOException("TLS handshake with the broker at " + url + " failed ("
                        + (url.startsWith("tls:") ? "untrusted certificate or not a TLS port: pin it with --fingerprint "
                                + "or give --trust FILE" : "the broker speaks TLS: use tls://") + ")");
            }
        }
        String why = e instanceof ActiveMQException a ? a.getType().toString() : e.getClass().getSimpleName();
        if (e.getMessage() != null && e.getMessage().contains("AMQ219013")) {
            why = "timed out";
        }
        String tail = url.startsWith("tls:") ? " (a plain broker port, or a TLS error)" : "";
        return new IOException("cannot connect to the broker at " + url + ": no broker answers there (" + why
                + ")" + tail);
    }

    /**
     * A new session; transacted ones commit sends and acknowledgements together (acknowledgements travel with the
     * commit).
     */
    public ClientSession session(boolean transacted) throws ActiveMQException {
        int acks = ActiveMQClient.DEFAULT_ACK_BATCH_SIZE;
        return transacted ? factory.createSession(user, password, false, false, false, false, acks)
                : factory.createSession(user, password, false, true, true, false, acks);
    }

    /**
     * A session for messages that need no acknowledgement of their own (events to a submitter's temporary queue,
     * answers, control messages): the broker counts them delivered when it sends them, so no acknowledgement
     * travels back.
     */
    public ClientSession listenerSession() throws ActiveMQException {
        return factory.createSession(user, password, false, true, true, true, ActiveMQClient.DEFAULT_ACK_BATCH_SIZE);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public boolean isClosed() {
        return factory.isClosed();
    }

    @Override
    public void close() {
        factory.close();
        locator.close();
    }
}
