package dev.xaa4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code xaa} command: Enterprise-Managed Authorization (Cross-App Access) for MCP, on one machine.
 *
 * <p>Exit codes: 0 success, 1 protocol or authorization failure, 2 usage error.
 */
@Command(name = "xaa",
        mixinStandardHelpOptions = true,
        versionProvider = Xaa.Version.class,
        description = "MCP Enterprise-Managed Authorization (Cross-App Access, ID-JAG): demo, servers and debugging tools.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:protocol or authorization failure", "2:usage error"},
        subcommands = {CommandLine.HelpCommand.class, ConformanceClientCommand.class})
public final class Xaa implements Runnable {

    /** Exit code for a protocol or authorization failure. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for a usage error. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests to run commands in-process). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Xaa());
        cl.setExitCodeExceptionMapper(e -> EXIT_FAILURE);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"xaa4j " + version()};
        }
    }

    /** The xaa4j version, from the jar manifest or {@code dev} when run from classes. */
    public static String version() {
        String v = Xaa.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
