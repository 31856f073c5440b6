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
        subcommands = {Main.Serve.class})
public final class Main implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
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

        @Override
        public Integer call() throws Exception {
            ServerConfig c = ServerConfig.defaults();
            if (configFile != null) {
                if (!Files.isRegularFile(configFile)) {
                    System.err.println("replicacim: no settings file " + configFile);
                    return 2;
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
            ReplicaCimServer server;
            try {
                server = ReplicaCimServer.start(c);
            } catch (IllegalStateException e) {
                System.err.println("replicacim: " + e.getMessage());
                return 1;
            }
            System.out.println("ReplicaCIM " + ReplicaCimServer.VERSION + " serving CIM-XML on http://"
                    + c.bindAddress() + ":" + server.httpPort() + "/cimom; data in "
                    + c.dataDir().toAbsolutePath() + "; press Ctrl-C to stop");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    System.err.println("replicacim: error while stopping: " + e.getMessage());
                }
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
            return 0;
        }
    }
}
