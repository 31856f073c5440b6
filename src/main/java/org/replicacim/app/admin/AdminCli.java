package org.replicacim.app.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** Makes a {@code replicacim} command line behave as scripts expect: one-line usage errors, documented exit codes. */
public final class AdminCli {
    private AdminCli() {
    }

    /** Installs the usage-error handler and the exit-code list on the command and all its subcommands. */
    public static CommandLine configure(CommandLine cli) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (String entry : ExitCode.LIST) {
            int colon = entry.indexOf(':');
            codes.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        apply(cli, codes);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine where = e.getCommandLine();
            where.getErr().println("replicacim: " + e.getMessage().replace('\n', ' ') + " (see '"
                    + where.getCommandSpec().qualifiedName() + " --help')");
            where.getErr().flush();
            return ExitCode.USAGE;
        });
        return cli;
    }

    private static void apply(CommandLine cli, Map<String, String> codes) {
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : cli.getSubcommands().values()) {
            // serve (1 cannot start, 2 bad settings) and user (2 on any error) have their own codes
            if (!sub.getCommandName().equals("serve") && !sub.getCommandName().equals("user")) {
                apply(sub, codes);
            }
        }
    }
}
