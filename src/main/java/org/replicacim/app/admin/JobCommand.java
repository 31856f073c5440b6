package org.replicacim.app.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replicacim.cim.CimInstance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replicacim job list|watch}: the server's CIM_ConcreteJob instances. */
@Command(name = "job", mixinStandardHelpOptions = true, description = "List jobs and watch one until it ends.",
        subcommands = {JobCommand.ListJobs.class, JobCommand.Watch.class})
public final class JobCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a verb: list or watch");
    }

    /** {@code job list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the jobs (running ones, and finished ones until their TimeBeforeRemoval passes).")
    static final class ListJobs extends AdminCommand {
        @Override
        Object run(AdminSession s) throws Exception {
            List<Map<String, Object>> out = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            for (CimInstance j : s.jobs()) {
                Map<String, Object> m = AdminSession.jobObject(j);
                out.add(m);
                rows.add(java.util.Arrays.asList((String) m.get("id"), (String) m.get("name"),
                        (String) m.get("state"), m.get("percentComplete") + "%", (String) m.get("error")));
            }
            table(List.of("ID", "NAME", "STATE", "DONE", "ERROR"), rows);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("jobs", out);
            return doc;
        }
    }

    /** {@code job watch ID}: polls PercentComplete and JobState until the job ends. */
    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Show a job's progress until it ends; exit code 0 when it completed, 4 when it failed.")
    static final class Watch extends AdminCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "JOB",
                description = "the job's InstanceID or a unique part of it (default: the newest running job, else"
                        + " the newest job)")
        String id;

        @Option(names = "--interval", paramLabel = "MILLIS", defaultValue = "500",
                description = "how often to ask (default ${DEFAULT-VALUE} ms)")
        long intervalMillis;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
                description = "stop watching after this long (default ${DEFAULT-VALUE}; exit code 5)")
        long timeoutSeconds;

        @Override
        Object run(AdminSession s) throws Exception {
            CimInstance j = id == null ? s.newestJob() : s.job(id);
            ProgressBar bar = new ProgressBar(options.out, System.console() != null);
            CimInstance done;
            try {
                done = s.awaitJob(j.path(), Duration.ofMillis(Math.max(50, intervalMillis)),
                        Duration.ofSeconds(Math.max(1, timeoutSeconds)), options.json ? x -> { } : bar::show);
            } finally {
                bar.finish();
            }
            return Map.of("job", AdminSession.jobObject(done));
        }
    }
}
