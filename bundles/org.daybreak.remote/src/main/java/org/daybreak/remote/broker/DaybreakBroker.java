package org.daybreak.remote.broker;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.daybreak.core.json.Json;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.Wire;

/**
 * Daybreak's broker: an embedded ActiveMQ Artemis server (durable journal under {@code DIR/journal}, JAAS accounts
 * and roles, optional TLS) plus the job {@link Ledger} that keeps every job's record. The workbench runs one bound
 * to 127.0.0.1 with its data in {@code ~/.daybreak/broker}; {@code daybreak broker} runs one in the foreground.
 *
 * <p>Queues: {@value Wire#QUEUE_CPU} and {@value Wire#QUEUE_GPU} (durable; after {@code maxAttempts} deliveries
 * without a result a job goes to {@value Wire#QUEUE_DEAD}). Roles: {@code submit} may send jobs and ask the ledger,
 * {@code work} may take jobs and report on them, {@code admin} may do everything (also clear the dead-letter queue).
 */
public final class DaybreakBroker implements AutoCloseable {
    private static final AtomicInteger IN_VM_IDS = new AtomicInteger(100);
    static final String LEDGER_USER = "daybreak-ledger";
    static final String LEDGER_ROLE = "ledger";

    /**
     * @param dataDir     journal, accounts, TLS material and the ledger's records
     * @param host        address to bind (default 127.0.0.1)
     * @param port        TCP port (0: any free port)
     * @param tls         serve TLS (certificate generated at first start under {@code DIR/tls})
     * @param usersFile   accounts file, or null for one generated admin account
     * @param insecure    allow plain TCP on an address that is not loopback
     * @param maxAttempts deliveries of a job before it goes to the dead-letter queue
     */
    public record Settings(Path dataDir, String host, int port, boolean tls, Path usersFile, boolean insecure,
            int maxAttempts) {
        public Settings {
            host = host == null ? "127.0.0.1" : host;
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max attempts must be at least 1, not " + maxAttempts);
            }
        }

        public static Settings local(Path dir) {
            return new Settings(dir, "127.0.0.1", 0, false, null, false, 3);
        }
    }

    private final Settings settings;
    private final EmbeddedActiveMQ embedded;
    private final Accounts accounts;
    private final String url;
    private final String fingerprint;
    private final int inVmId;
    private final Ledger ledger;
    private final boolean writesInfo;
    private final DirLock lock;

    private DaybreakBroker(Settings s, EmbeddedActiveMQ e, Accounts a, String url, String fp, int inVmId, Ledger l,
            boolean writesInfo, DirLock lock) {
        this.settings = s;
        this.embedded = e;
        this.accounts = a;
        this.url = url;
        this.fingerprint = fp;
        this.inVmId = inVmId;
        this.ledger = l;
        this.writesInfo = writesInfo;
        this.lock = lock;
    }

    /**
     * Starts the broker and its ledger; returns once it accepts connections.
     *
     * @param writeInfo write {@code DIR/broker.json} (URL and process) so that clients on this machine find it as
     *                  {@code local}; removed again by {@link #close()}
     * @throws IOException one sentence: the port is taken, the data directory is locked or unwritable, the users
     *                     file is wrong, plain TCP was asked for on a public address
     */
    public static DaybreakBroker start(Settings s, boolean writeInfo) throws IOException {
        Path dir = s.dataDir().toAbsolutePath();
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException("cannot write to the broker's data directory " + dir);
        }
        DirLock lock = DirLock.take(dir);
        try {
            return start(s, writeInfo, dir, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    private static DaybreakBroker start(Settings s, boolean writeInfo, Path dir, DirLock lock) throws IOException {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(s.host());
        } catch (IOException e) {
            throw new IOException("unknown host '" + s.host() + "' to bind the broker to");
        }
        if (!s.tls() && !bind.isLoopbackAddress() && !s.insecure()) {
            throw new IOException("refusing to serve plain TCP on " + s.host() + ", which is not a loopback address: "
                    + "use --tls, or --insecure to accept unencrypted traffic");
        }
        Accounts accounts = s.usersFile() != null ? Accounts.fromFile(s.usersFile()) : Accounts.generatedAdmin(dir);
        int port = s.port() == 0 ? freePort(bind) : s.port();
        String fp = null;
        StringBuilder acceptor = new StringBuilder("tcp://").append(hostForUrl(s.host())).append(':').append(port)
                .append("?protocols=CORE");
        if (s.tls()) {
            Tls tls = Tls.ensure(dir.resolve("tls"), s.host());
            fp = tls.fingerprint();
            acceptor.append("&sslEnabled=true&keyStorePath=").append(tls.keyStore()).append("&keyStorePassword=")
                    .append(tls.password()).append("&keyStoreType=PKCS12");
        }
        int inVm = IN_VM_IDS.incrementAndGet();

        Configuration c = new ConfigurationImpl();
        c.setName("daybreak");
        c.setPersistenceEnabled(true);
        c.setJournalType(JournalType.NIO);
        c.setJournalDirectory(dir.resolve("journal").toString());
        c.setBindingsDirectory(dir.resolve("bindings").toString());
        c.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        c.setPagingDirectory(dir.resolve("paging").toString());
        c.setNodeManagerLockDirectory(dir.resolve("journal").toString());
        c.setJournalFileSize(2 * 1024 * 1024);
        c.setJournalMinFiles(2);
        c.setJournalPoolFiles(4);
        // group journal syncs of concurrent commits (Artemis' default for NIO is 3.33 ms; 0.5 ms measured better
        // for one job at a time and as good for thousands)
        c.setJournalBufferTimeout_NIO(500_000);
        c.setJournalSyncTransactional(true);
        c.setJournalSyncNonTransactional(true);
        c.setSecurityEnabled(true);
        c.setPopulateValidatedUser(true);
        c.setJMXManagementEnabled(false);
        c.setCriticalAnalyzer(false);
        c.setMaxDiskUsage(-1);
        c.setGracefulShutdownEnabled(true);
        c.setGracefulShutdownTimeout(5000);
        c.setConnectionTTLOverride(-1);
        try {
            c.addAcceptorConfiguration("tcp", acceptor.toString());
            c.addAcceptorConfiguration("in-vm", "vm://" + inVm);
        } catch (Exception e) {
            throw new IOException("bad broker address: " + e.getMessage(), e);
        }
        AddressSettings jobs = new AddressSettings().setMaxDeliveryAttempts(s.maxAttempts())
                .setDeadLetterAddress(SimpleString.of(Wire.QUEUE_DEAD)).setRedeliveryDelay(0)
                .setAutoCreateAddresses(false).setAutoCreateQueues(false);
        c.addAddressSetting(Wire.QUEUE_CPU, jobs);
        c.addAddressSetting(Wire.QUEUE_GPU, jobs);
        c.addAddressSetting("daybreak.client.#", new AddressSettings().setAutoCreateAddresses(true)
                .setAutoCreateQueues(true).setAutoDeleteAddresses(true).setAutoDeleteQueues(true));
        c.addAddressSetting("#", new AddressSettings().setAutoCreateAddresses(false).setAutoCreateQueues(false)
                .setMaxDeliveryAttempts(-1));
        anycast(c, Wire.QUEUE_CPU);
        anycast(c, Wire.QUEUE_GPU);
        anycast(c, Wire.QUEUE_DEAD);
        anycast(c, Wire.LEDGER);
        c.addAddressConfiguration(new CoreAddressConfiguration().setName(Wire.EVENTS)
                .addRoutingType(RoutingType.MULTICAST).addQueueConfiguration(QueueConfiguration.of(Wire.LEDGER_EVENTS)
                        .setAddress(Wire.EVENTS).setRoutingType(RoutingType.MULTICAST).setDurable(true)));
        c.addAddressConfiguration(new CoreAddressConfiguration().setName(Wire.CONTROL)
                .addRoutingType(RoutingType.MULTICAST));

        // roles: send, consume, createDurableQueue, deleteDurableQueue, createNonDurableQueue,
        // deleteNonDurableQueue, manage, browse, createAddress, deleteAddress
        Role admin = role(Wire.ROLE_ADMIN, true, true, false, false, true, true, false, true, false, false);
        Role ledgerRole = role(LEDGER_ROLE, true, true, false, false, true, true, false, true, true, true);
        c.putSecurityRoles(Wire.QUEUE_CPU, Set.of(admin, ledgerRole,
                role(Wire.ROLE_SUBMIT, true, false), role(Wire.ROLE_WORK, false, true)));
        c.putSecurityRoles(Wire.QUEUE_GPU, Set.of(admin, ledgerRole,
                role(Wire.ROLE_SUBMIT, true, false), role(Wire.ROLE_WORK, false, true)));
        c.putSecurityRoles(Wire.QUEUE_DEAD, Set.of(admin, ledgerRole, role(Wire.ROLE_WORK, true, false)));
        c.putSecurityRoles(Wire.EVENTS, Set.of(admin, ledgerRole, listener(Wire.ROLE_SUBMIT, true),
                listener(Wire.ROLE_WORK, true)));
        c.putSecurityRoles(Wire.CONTROL, Set.of(admin, ledgerRole, listener(Wire.ROLE_WORK, false)));
        c.putSecurityRoles(Wire.LEDGER, Set.of(admin, ledgerRole, role(Wire.ROLE_SUBMIT, true, false),
                role(Wire.ROLE_WORK, true, false)));
        Role clientAll = role(Wire.ROLE_SUBMIT, true, true, false, false, true, true, false, true, true, true);
        Role workAll = role(Wire.ROLE_WORK, true, true, false, false, true, true, false, true, true, true);
        Role adminAll = role(Wire.ROLE_ADMIN, true, true, false, false, true, true, false, true, true, true);
        c.putSecurityRoles("daybreak.client.#", Set.of(clientAll, workAll, adminAll, ledgerRole));

        SecurityConfiguration users = new SecurityConfiguration();
        for (Accounts.Account a : accounts.all().values()) {
            users.addUser(a.name(), a.password());
            for (String r : a.roles()) {
                users.addRole(a.name(), r);
            }
        }
        byte[] rb = new byte[18];
        new SecureRandom().nextBytes(rb);
        String ledgerPassword = java.util.Base64.getUrlEncoder().encodeToString(rb);
        users.addUser(LEDGER_USER, ledgerPassword);
        users.addRole(LEDGER_USER, LEDGER_ROLE);

        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
        embedded.setConfiguration(c);
        embedded.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(DaybreakBroker.class.getClassLoader());
        try {
            embedded.start();
            if (!embedded.getActiveMQServer().waitForActivation(30, TimeUnit.SECONDS)) {
                throw new IOException("the broker did not become active within 30 s");
            }
        } catch (IOException e) {
            stopQuietly(embedded);
            throw e;
        } catch (Exception e) {
            stopQuietly(embedded);
            String m = String.valueOf(e.getMessage());
            if (m.contains("Address already in use") || m.contains("AMQ224000") || m.contains("bind")) {
                throw new IOException("cannot listen on " + s.host() + ":" + port + ": the port is in use");
            }
            throw new IOException("the broker could not start: " + m, e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        ActiveMQServer server = embedded.getActiveMQServer();
        if (!server.getRemotingService().getAcceptor("tcp").isStarted()) {
            stopQuietly(embedded);
            throw new IOException("cannot listen on " + s.host() + ":" + port + ": the port is in use");
        }
        String url = (s.tls() ? "tls://" : "tcp://") + hostForUrl(s.host()) + ":" + port;
        Ledger ledger;
        try {
            ledger = Ledger.start(server, "vm://" + inVm, LEDGER_USER, ledgerPassword, dir.resolve("ledger"),
                    accounts, s.maxAttempts());
        } catch (Exception e) {
            stopQuietly(embedded);
            throw new IOException("the broker's job ledger could not start: " + e.getMessage(), e);
        }
        DaybreakBroker b = new DaybreakBroker(s, embedded, accounts, url, fp, inVm, ledger, writeInfo, lock);
        if (writeInfo) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("url", url);
            info.put("pid", ProcessHandle.current().pid());
            if (fp != null) {
                info.put("fingerprint", fp);
            }
            Files.writeString(dir.resolve("broker.json"), Json.write(info) + "\n");
        }
        return b;
    }

    private static Role role(String name, boolean send, boolean consume) {
        return role(name, send, consume, false, false, false, false, false, consume, false, false);
    }

    /** A role with the ten permissions in Artemis' order (view and edit of management left off). */
    private static Role role(String name, boolean send, boolean consume, boolean createDurableQueue,
            boolean deleteDurableQueue, boolean createNonDurableQueue, boolean deleteNonDurableQueue, boolean manage,
            boolean browse, boolean createAddress, boolean deleteAddress) {
        return new Role(name, send, consume, createDurableQueue, deleteDurableQueue, createNonDurableQueue,
                deleteNonDurableQueue, manage, browse, createAddress, deleteAddress, false, false);
    }

    /** May subscribe (a temporary queue of its own) and, with {@code send}, publish. */
    private static Role listener(String name, boolean send) {
        return role(name, send, true, false, false, true, true, false, false, false, false);
    }

    private static void anycast(Configuration c, String name) {
        c.addAddressConfiguration(new CoreAddressConfiguration().setName(name).addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(name).setAddress(name)
                        .setRoutingType(RoutingType.ANYCAST).setDurable(true)));
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static int freePort(InetAddress bind) throws IOException {
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, bind)) {
            return ss.getLocalPort();
        }
    }

    private static void stopQuietly(EmbeddedActiveMQ e) {
        try {
            e.stop();
        } catch (Exception ignored) {
            // already failing: the first error is reported
        }
    }

    /** {@code tcp://HOST:PORT} or {@code tls://HOST:PORT}. */
    public String url() {
        return url;
    }

    /** The in-process URL ({@code vm://N}) for clients in this JVM. */
    public String inVmUrl() {
        return "vm://" + inVmId;
    }

    /** SHA-256 fingerprint of the TLS certificate, or null without TLS. */
    public String fingerprint() {
        return fingerprint;
    }

    public Accounts accounts() {
        return accounts;
    }

    public Settings settings() {
        return settings;
    }

    public Ledger ledger() {
        return ledger;
    }

    public ActiveMQServer server() {
        return embedded.getActiveMQServer();
    }

    @Override
    public void close() {
        if (writesInfo) {
            try {
                Files.deleteIfExists(settings.dataDir().toAbsolutePath().resolve("broker.json"));
            } catch (IOException ignored) {
                // a stale file is detected by clients (nothing answers at its URL)
            }
        }
        ledger.close();
        stopQuietly(embedded);
        lock.release();
    }

    /**
     * One broker per data directory: Artemis would wait, without a word, for the journal of a directory another broker
     * holds (as a shared-store backup). This lock makes the second one fail at once instead.
     */
    record DirLock(java.nio.channels.FileChannel channel, java.nio.channels.FileLock lock) {
        static DirLock take(Path dir) throws IOException {
            Path f = dir.resolve("broker.lock");
            java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock l;
            try {
                l = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                String who = "";
                try {
                    Object pid = Json.parseObject(Files.readString(dir.resolve("broker.json"))).get("pid");
                    who = pid == null ? "" : " (process " + pid + ")";
                } catch (IOException | RuntimeException ignored) {
                    // no broker.json: the message goes without the process
                }
                throw new IOException("the broker data directory " + dir + " is in use by another broker" + who);
            }
            return new DirLock(ch, l);
        }

        void release() {
            try {
                channel.close(); // releases the lock
            } catch (IOException ignored) {
                // closing a lock file
            }
        }
    }

    /** The TLS key pair of a broker: made once with the JDK's keytool, kept under {@code DIR/tls}. */
    record Tls(Path keyStore, String password, String fingerprint) {
        static Tls ensure(Path dir, String host) throws IOException {
            Files.createDirectories(dir);
            Path ks = dir.resolve("broker.p12");
            Path pwFile = dir.resolve("keystore.password");
            Path pem = dir.resolve("broker.pem");
            if (!Files.isRegularFile(ks) || !Files.isRegularFile(pwFile)) {
                byte[] b = new byte[18];
                new SecureRandom().nextBytes(b);
                String pw = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                Files.writeString(pwFile, pw + "\n");
                restrict(pwFile);
                List<String> san = new ArrayList<>(List.of("dns:localhost", "ip:127.0.0.1"));
                if (!host.equals("localhost") && !host.equals("127.0.0.1")) {
                    san.add((host.matches("[0-9.]+") || host.contains(":") ? "ip:" : "dns:") + host);
                }
                String canonical = host;
                try {
                    canonical = InetAddress.getLocalHost().getCanonicalHostName();
                    if (!san.contains("dns:" + canonical) && !canonical.matches("[0-9.:]+")) {
                        san.add("dns:" + canonical);
                    }
                } catch (IOException ignored) {
                    // the names above suffice
                }
                Files.deleteIfExists(ks);
                run(List.of(keytool(), "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-sigalg", "SHA256withECDSA", "-validity", "3650", "-dname", "CN=" + canonical + ", O=Daybreak",
                        "-ext", "SAN=" + String.join(",", san), "-keystore", ks.toString(), "-storetype", "PKCS12",
                        "-storepass", pw, "-keypass", pw));
                restrict(ks);
                Files.deleteIfExists(pem);
                run(List.of(keytool(), "-exportcert", "-rfc", "-alias", "broker", "-keystore", ks.toString(),
                        "-storetype", "PKCS12", "-storepass", pw, "-file", pem.toString()));
            }
            String pw = Files.readAllLines(pwFile).get(0).strip();
            try (InputStream in = Files.newInputStream(ks)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, pw.toCharArray());
                Certificate cert = store.getCertificate("broker");
                return new Tls(ks, pw, BrokerConnection.fingerprint(cert));
            } catch (Exception e) {
                throw new IOException("cannot read the broker's key store " + ks + ": " + e.getMessage(), e);
            }
        }

        private static String keytool() throws IOException {
            Path k = Path.of(System.getProperty("java.home"), "bin", "keytool");
            if (!Files.isExecutable(k)) {
                throw new IOException("--tls needs the JDK's keytool to make the broker's certificate, and " + k
                        + " is missing");
            }
            return k.toString();
        }

        private static void run(List<String> cmd) throws IOException {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (p.waitFor() != 0) {
                    throw new IOException("keytool failed: " + out.strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while making the TLS certificate");
            }
        }

        private static void restrict(Path f) throws IOException {
            try {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not POSIX
            }
        }
    }
}
