package org.replicacim.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code replicacim} command line: {@code serve} runs the server. */
@Command(name = "replicacim", mixinStandardHelpOptions = true, version = "ReplicaCIM " + ReplicaCimServer.VERSION,
        description = "A WBEM server (CIM-XML over HTTP) for SMI-S Replication Services on block volumes.",
        subcommands = {
            Main.Serve.class,
            UserCommand.class,
            org.replicacim.app.admin.VolumeCommand.class,
            org.replicacim.app.admin.ReplicaCommand.class,
            org.replicacim.app.admin.JobCommand.class,
        })
public final class Main implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole command line, configured as {@code main} runs it (tests run it in-process). */
    public static CommandLine commandLine() {
        return org.replicacim.app.admin.AdminCli.configure(new CommandLine(new Main()));
    }

    /** {@code replicacim serve}: starts the server and runs until stopped. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Start the server (CIM-XML on http://<bind>:<port>/cimom) and run until interrupted.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE",
                description = "settings file (see config/replicacim.properties); flags override it")
        Path configFile;

        @Option(names = "--http-port", paramLabel = "N", description = "HTTP port (default 5988; 0 = any free port)")
        Integer httpPort;

        @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to listen on (default 127.0.0.1)")
        String bind;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "where state is kept (default ./data)")
        Path dataDir;

        @Option(names = "--mof-dir", paramLabel = "DIR",
                description = "compile the schema from this directory instead of the built-in mof/")
        Path mofDir;

        @Option(names = "--nbd-port", paramLabel = "N",
                description = "NBD export of the volumes on 127.0.0.1 (default 10809; 0 = any free port, -1 = off)")
        Integer nbdPort;

        @Option(names = "--backend", paramLabel = "ENGINE", description = "block engine: file (default) or qemu")
        String backend;

        @Override
        public Integer call() throws Exception {
            ServerConfig c;
            try {
                c = settings();
                LogSetup.apply(configFile);
            } catch (IllegalArgumentException | java.io.IOException e) {
                System.err.println("replicacim: " + e.getMessage());
                return 2;
            }
            ReplicaCimServer server;
            try {
                server = ReplicaCimServer.start(c);
            } catch (IllegalStateException | java.io.IOException | org.replicacim.storage.BackendException
                     | org.replicacim.store.StoreException e) {
                System.err.println("replicacim: cannot start: " + e.getMessage());
                return 1;
            }
            System.out.print(ServeBanner.text(c, server));
            System.out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    System.err.println("replicacim: error while stopping: " + e.getMessage());
                }
                LogSetup.drain();
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
            return 0;
        }

        /** Defaults, then the settings file, then flags; a bad value is an IllegalArgumentException. */
        private ServerConfig settings() throws java.io.IOException {
            ServerConfig c = ServerConfig.defaults();
            if (configFile != null) {
                if (!Files.isRegularFile(configFile)) {
                    throw new IllegalArgumentException("no settings file " + configFile);
                }
                c = c.withFile(configFile);
            }
            if (httpPort != null) {
                c = c.withHttpPort(httpPort);
            }
            if (bind != null) {
                c = c.withBindAddress(bind);
            }
            if (dataDir != null) {
                c = c.withDataDir(dataDir);
            }
            if (mofDir != null) {
                c = c.withMofDir(mofDir);
            }
            if (nbdPort != null) {
                c = c.withNbdPort(nbdPort);
            }
            if (backend != null) {
                c = c.withBackend(backend);
            }
            return c;
        }
    }
}
