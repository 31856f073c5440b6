package org.replicacim.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.replicacim.cim.Namespace;
import org.replicacim.codec.EmbeddedObjects;
import org.replicacim.codec.Limits;
import org.replicacim.http.CimServer;
import org.replicacim.http.CimServerConfig;
import org.replicacim.operation.EnumerationContexts;
import org.replicacim.operation.OperationDispatcher;
import org.replicacim.operation.RepositorySchema;
import org.replicacim.job.JobService;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.provider.ProfileRegistration;
import org.replicacim.provider.ProfileRegistry;
import org.replicacim.provider.ProviderRegistration;
import org.replicacim.provider.ProviderRegistry;
import org.replicacim.provider.StaticInstanceProvider;
import org.replicacim.provider.interop.ObjectManagerProvider;
import org.replicacim.provider.interop.ProfileProvider;
import org.replicacim.provider.interop.ServerIdentity;
import org.replicacim.replication.ReplicationEngine;
import org.replicacim.repository.ClassRepository;
import org.replicacim.replication.RelationshipStore;
import org.replicacim.repository.RepositoryException;
import org.replicacim.security.AuditLog;
import org.replicacim.security.AuthorizingOperations;
import org.replicacim.security.LoginThrottle;
import org.replicacim.security.TlsKeyStore;
import org.replicacim.security.UserFile;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.file.FileBackend;
import org.replicacim.storage.file.FileBackendConfig;
import org.replicacim.storage.nbd.NbdServer;
import org.replicacim.storage.qemu.QemuBackend;
import org.replicacim.storage.qemu.QemuBackendConfig;
import org.replicacim.store.SqlGroupStore;
import org.replicacim.store.SqlRelationshipStore;
import org.replicacim.store.Store;
import org.replicacim.store.StoreConfig;
import org.replicacim.store.instance.SqlInstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The whole server, wired: class repository, providers, dispatcher and the CIM-XML endpoint. */
public final class ReplicaCimServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaCimServer.class);
    /** The product version reported by CIM_ObjectManager. */
    public static final String VERSION = "0.1.0";
    /** Jobs that may run at once; each mostly waits on a copy, so this bounds waiting threads, not work. */
    static final int JOB_THREADS = 64;

    private final ServerConfig config;
    private final ClassRepository repository;
    private final BlockBackend backend;
    private final NbdServer nbd;
    private final CimServer http;
    private final JobService jobs;
    private final Store store;

    private ReplicaCimServer(ServerConfig config, ClassRepository repository, BlockBackend backend, NbdServer nbd,
                             CimServer http, JobService jobs, Store store) {
        this.jobs = jobs;
        this.store = store;
        this.config = config;
        this.repository = repository;
        this.backend = backend;
        this.nbd = nbd;
        this.http = http;
    }

    /** Compiles the schema, wires the providers and starts listening; fails with a clear message on MOF errors. */
    public static ReplicaCimServer start(ServerConfig config) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(config.dataDir());
        // the schema compiles (CPU) while the store and the backend open and recover (mostly disk): a restart
        // with much state serves sooner
        java.util.concurrent.atomic.AtomicLong compiledAt = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CompletableFuture<ClassRepository> compiling =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return ClassRepository.loadStandard(config.mofDir());
                    } catch (RepositoryException e) {
                        throw new IllegalStateException("the class schema in " + (config.mofDir() == null
                                ? "the built-in mof/" : config.mofDir()) + " does not compile:\n" + e.getMessage(), e);
                    } finally {
                        compiledAt.set(System.nanoTime());
                    }
                });
        Store store = Store.open(storeConfig(config));
        ServerObservability observability = new ServerObservability();
        // a follower of a shared store opens the backend only once it leads (see LeaderTakeover)
        boolean leading = store.leadership().isLeader();
        LeaderBackend backend = new LeaderBackend("qemu".equals(config.backend()) ? QemuBackend.CAPABILITIES
                : LeaderTakeover.fileCapabilities(), () -> observability.counted(openBackend(config)),
                store.leadership()::leader);
        try {
            if (leading) {
                backend.open();
            }
        } catch (Exception | Error e) {
            store.close();
            throw e;
        }
        NbdServer nbd = null;
        CimServer http = null;
        JobService jobs = null;
        // the interop model names the port actually bound (the configured one may be 0)
        AtomicReference<CimServer> boundHttp = new AtomicReference<>();
        try {
            if (config.nbdPort() >= 0) {
                nbd = NbdServer.start(backend, config.nbdPort());
            }

        Namespace interop = ClassRepository.INTEROP;
        Namespace storage = ClassRepository.STORAGE;
        ProviderRegistry providers = new ProviderRegistry();
        ProfileRegistry profiles = new ProfileRegistry();
        ServerIdentity identity = new ServerIdentity("CIM_ComputerSystem", config.hostName(),
                "ReplicaCIM:" + serverId(config.dataDir()), VERSION, List.of(interop, storage),
                endpoints(config, boundHttp));
        ObjectManagerProvider objectManager = new ObjectManagerProvider(identity);
        providers.register(ProviderRegistration.of(interop, objectManager, ObjectManagerProvider.CLASSES));
        ProfileProvider profileProvider = new ProfileProvider(profiles, interop);
        providers.register(ProviderRegistration.of(interop, profileProvider, ProfileProvider.CLASSES));
        providers.register(ProviderRegistration.of(storage, profileProvider, "CIM_ElementConformsToProfile"));
        profiles.register(new ProfileRegistration(ProfileRegistration.SNIA, "Server", "1.6.1",
                () -> List.of(objectManager.objectManagerPath()), null));
        profiles.register(new ProfileRegistration(ProfileRegistration.DMTF, "Profile Registration", "1.0.0",
                () -> List.of(objectManager.objectManagerPath()), null));

        // Storage namespace: Block Services, Replication Services and Job Control share the element naming and
        // the job service; their providers register here.
        ElementPaths paths = new ElementPaths(storage, config.hostName());
        // A replication job's thread waits for its copy (the backend's own threads move the data) and reports its
        // progress; with 4 threads a fifth concurrent copy's job stayed New at 0 % while its copy ran.
        jobs = new JobService(store.jobs(), Clock.systemUTC(), "ReplicaCIM:JOB:", JOB_THREADS);
        if (!leading) {
            jobs.follow();
        }
        StateChangeLog.jobs(jobs);
        BlockServicesWiring.register(providers, profiles, paths, jobs, backend, nbd == null ? -1 : nbd.port());
        RelationshipStore relationships = StateChangeLog.relationships(new SqlRelationshipStore(store.records()));
        ReplicationEngine engine = ReplicationServicesWiring.register(providers, profiles, paths, jobs, backend,
                relationships, new SqlGroupStore(store.records()), leading);
        // after the engine's own recovery: jobs that were running re-attach to the copies it resumed
        jobs.recover();
        LeaderTakeover.start(store.leadership(), backend, engine, jobs, leading);
        observability.watch(relationships, jobs, backend);

        Limits limits = Limits.DEFAULT.withMaxBytes(config.maxBodyBytes());
        ClassRepository repository = compiled(compiling);
        long compiledMillis = (compiledAt.get() - t0) / 1_000_000;
        SecuritySettings sec = config.security();
        OperationDispatcher dispatcher = new OperationDispatcher(new RepositorySchema(repository), providers,
                new StaticInstanceProvider(new SqlInstanceStore(store.database())), EmbeddedObjects.parser(limits),
                new EnumerationContexts(EnumerationContexts.Limits.DEFAULT.withMaxOpenPerUser(
                        sec.maxEnumerationsPerUser()), Clock.systemUTC()), config.hostName());

        // looked at for changes once a second at most: every request authenticates and looks up its role
        UserFile users = new UserFile(sec.usersFile(config.dataDir()), java.time.Duration.ofSeconds(1));
        int userCount = users.users().size();
        boolean anonymous = sec.anonymousLoopback() && isLoopback(config.bindAddress());
        AuditLog audit = new AuditLog();
        AuthorizingOperations operations = new AuthorizingOperations(
                new LeaderGuardedOperations(dispatcher, store.leadership()), users::role,
                anonymous ? sec.anonymousRole() : null, audit);
        TlsKeyStore tls = null;
        if (sec.httpsPort() >= 0) {
            tls = sec.keyStore() != null ? TlsKeyStore.open(sec.keyStore(), sec.keyStoreType(), sec.keyStorePassword())
                    : TlsKeyStore.selfSigned(config.dataDir(), List.of(config.hostName(), config.bindAddress()));
        }
        CimServerConfig httpConfig = CimServerConfig.DEFAULT.withBindAddress(config.bindAddress())
                .withPort(config.httpPort()).withHostName(config.hostName()).withMaxBodyBytes(config.maxBodyBytes())
                .withThreads(Math.min(8, config.maxThreads()), config.maxThreads())
                .withOperationTimeout(config.requestTimeout()).withIdleTimeout(sec.idleTimeout())
                .withAuthentication("ReplicaCIM", users::authenticate).withAnonymousAllowed(anonymous)
                .withLoginProtection(new LoginThrottle(sec.freeFailedLogins(), sec.loginBlock(),
                        sec.loginBlock().compareTo(java.time.Duration.ofMinutes(15)) > 0 ? sec.loginBlock()
                                : java.time.Duration.ofMinutes(15)), audit)
                .withHttps(sec.httpsPort(), tls).withHttpEnabled(sec.httpEnabled())
                .withRequestLimits(sec.maxRequestsPerUser(), sec.maxHeaderBytes(), sec.minRequestDataRate(),
                        sec.headerTimeout(), sec.maxConnections());
        AtomicReference<CimServer> serving = new AtomicReference<>();
        http = new CimServer(operations, httpConfig, observability.requestObserver(),
                observability.handlers(() -> serving.get() != null && serving.get().isServing(), config));
        serving.set(http);
        http.start();
        boundHttp.set(http);
        LOG.info("ReplicaCIM {} listening on {}{} (schema compiled in {} ms; namespaces {}; data in {};"
                + " backend {}; NBD {})", VERSION, sec.httpEnabled() ? "http://" + config.bindAddress() + ":"
                        + http.port() + "/cimom " : "", tls == null ? "" : http.httpsUri(), compiledMillis,
                repository.namespaces(), config.dataDir().toAbsolutePath(), config.backend(),
                nbd == null ? "off" : "127.0.0.1:" + nbd.port());
        if (tls != null) {
            LOG.info("HTTPS certificate {} (key store {}), SHA-256 fingerprint {}",
                    tls.certificate().getSubjectX500Principal().getName(), tls.path().toAbsolutePath(),
                    tls.fingerprint());
        }
        LOG.info("authentication: {} user(s) in {}; anonymous access {}", userCount, users.path().toAbsolutePath(),
                anonymous ? "allowed from loopback as " + sec.anonymousRole().text() : "off");
        if (userCount == 0 && !anonymous) {
            LOG.warn("no users yet: every request will get 401 until one is added with"
                    + " 'replicacim user add --users-file {} NAME --role admin'", users.path());
        }
        return new ReplicaCimServer(config, repository, backend, nbd, http, jobs, store);
        } catch (Exception | Error e) {
            closeQuietly(http);
            closeQuietly(jobs);
            closeQuietly(nbd);
            closeQuietly(backend);
            closeQuietly(store);
            throw e;
        }
    }

    private static ClassRepository compiled(java.util.concurrent.CompletableFuture<ClassRepository> compiling) {
        try {
            return compiling.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** The listeners the object manager advertises (CIM_ObjectManagerCommunicationMechanism and friends). */
    private static List<ServerIdentity.Endpoint> endpoints(ServerConfig config, AtomicReference<CimServer> bound) {
        List<ServerIdentity.Endpoint> list = new java.util.ArrayList<>();
        if (config.security().httpEnabled()) {
            boolean anonymous = config.security().anonymousLoopback() && isLoopback(config.bindAddress());
            list.add(new ServerIdentity.Endpoint("http", () -> bound.get() == null ? config.httpPort()
                    : bound.get().port(), !anonymous));
        }
        if (config.security().httpsPort() >= 0) {
            list.add(new ServerIdentity.Endpoint("https", () -> bound.get() == null ? config.security().httpsPort()
                    : bound.get().httpsPort(), true));
        }
        return list;
    }

    /** Whether a bind address is a loopback address (a name is resolved; an unresolvable one counts as not). */
    static boolean isLoopback(String bindAddress) {
        try {
            return java.net.InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** The durable store's settings: SQLite in the data directory unless a PostgreSQL URL is configured. */
    private static StoreConfig storeConfig(ServerConfig c) {
        StoreConfig s = c.storeUrl() == null ? StoreConfig.sqlite(c.dataDir())
                : StoreConfig.postgres(c.storeUrl(), c.storeUser(), c.storePassword(), c.dataDir());
        return s.withLease(c.storeLease()).withNodeName("ReplicaCIM on " + c.hostName() + " port " + c.httpPort()
                + " (pid " + ProcessHandle.current().pid() + ")");
    }

    /** Opens the configured block engine over its directory inside the data directory. */
    private static BlockBackend openBackend(ServerConfig config) throws Exception {
        switch (config.backend()) {
            case "file":
                return FileBackend.open(FileBackendConfig.defaults(config.dataDir().resolve("volumes"))
                        .withPoolCapacity(config.poolCapacityBytes())
                        .withCopyBytesPerSecond(config.copyBytesPerSecond()));
            case "qemu":
                return openQemuBackend(config);
            default:
                throw new IllegalStateException("backend '" + config.backend() + "' is not available in this build");
        }
    }

    /** The qemu-storage-daemon engine over data.dir/volumes-qemu, started by us or attached by QMP socket. */
    private static BlockBackend openQemuBackend(ServerConfig config) throws Exception {
        ServerConfig.QemuSettings q = config.qemu();
        return QemuBackend.open(QemuBackendConfig.defaults(config.dataDir().resolve("volumes-qemu"))
                .withPoolCapacity(q.poolCapacityBytes())
                .withBinaries(q.binary(), q.img())
                .withAttach(q.qmpSocket().isEmpty() ? Optional.empty() : Optional.of(Path.of(q.qmpSocket())),
                        q.nbdSocket().isEmpty() ? Optional.empty() : Optional.of(Path.of(q.nbdSocket())))
                .withFormat(QemuBackendConfig.ImageFormat.valueOf(q.format().toUpperCase(Locale.ROOT)))
                .withDirectIo(q.directIo())
                .withCopyBytesPerSecond(q.copyBytesPerSecond()));
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("while closing after a failed start: {}", e.toString());
        }
    }

    /** A stable identity for the object manager, kept in the data directory. */
    private static String serverId(Path dataDir) throws IOException {
        Path f = dataDir.resolve("server-id");
        if (Files.exists(f)) {
            return Files.readString(f, StandardCharsets.UTF_8).trim();
        }
        String id = UUID.randomUUID().toString();
        Path tmp = dataDir.resolve("server-id.tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    /** The port the CIM-XML endpoint listens on (-1 when plain HTTP is off). */
    public int httpPort() {
        return http.port();
    }

    /** The HTTPS port of the CIM-XML endpoint, or -1 when there is no HTTPS listener. */
    public int httpsPort() {
        return http.httpsPort();
    }

    public ServerConfig config() {
        return config;
    }

    public ClassRepository repository() {
        return repository;
    }

    /** The port of the NBD export, or -1 when it is off. */
    public int nbdPort() {
        return nbd == null ? -1 : nbd.port();
    }

    /** The block engine under the providers. */
    public BlockBackend backend() {
        return backend;
    }

    /** The storage engine itself (e.g. a {@code QemuBackend}) while this server leads, else null. */
    public BlockBackend engine() {
        return backend instanceof LeaderBackend leader ? BackendErrorCounter.unwrap(leader.engine()) : backend;
    }

    /** The job service behind CIM_ConcreteJob (tests create slow jobs with it). */
    public JobService jobs() {
        return jobs;
    }

    /** Stops listening first, then the data path, then the engine (which checkpoints running copies). */
    @Override
    public void close() throws Exception {
        try {
            http.close();
            jobs.close();
        } finally {
            try {
                if (nbd != null) {
                    nbd.close();
                }
            } finally {
                try {
                    backend.close();
                } finally {
                    store.close();
                }
            }
        }
    }
}
