package dev.xaa4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code xaa} command: Enterprise-Managed Authorization (Cross-App Access) for MCP, on one machine.
 *
 * <p>Exit codes: 0 success, 1 protocol or authorization failure, 2 usage error, 3 an unsupported option
 * ({@code xaa load}).
 */
@Command(name = "xaa",
        mixinStandardHelpOptions = true,
        versionProvider = Xaa.Version.class,
        description = "MCP Enterprise-Managed Authorization (Cross-App Access, ID-JAG): demo, servers and debugging tools.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:protocol or authorization failure", "2:usage error",
                "3:an unsupported option (xaa load)"},
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, IdpCommand.class, AsCommand.class,
                McpServerCommand.class, DiscoverCommand.class, DecodeCommand.class, ExchangeCommand.class,
                TokenCommand.class, CallCommand.class, ConformanceClientCommand.class, LoadCommand.class})
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
        cl.setUsageHelpWidth(140); // the examples in the help footers are long command lines
        // @FILE means "read this value from FILE" (TokenInput), not picocli's argument files, which would split a
        // secret or a JWK set on whitespace and put its parts on the command line.
        cl.setExpandAtFiles(false);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CommandLine.ParameterException usage) {
                commandLine.getErr().println("xaa " + commandLine.getCommandName() + ": " + usage.getMessage());
                commandLine.getErr().println("Try 'xaa " + commandLine.getCommandName() + " --help'.");
                commandLine.getErr().flush();
                return EXIT_USAGE;
            }
            // One line, no stack trace: messages of xaa4j exceptions never contain tokens or secrets.
            commandLine.getErr().println("xaa " + commandLine.getCommandName() + ": " + describe(e));
            if (System.getenv("XAA_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return EXIT_FAILURE;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * What went wrong, in one line: the message of the first xaa4j exception in the cause chain (the SDK wraps them, for
     * example "Client failed to initialize"), else the outer message followed by the root cause's. xaa4j messages never
     * contain a token or secret.
     */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.xaa4j.core.XaaException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = message(e);
        return root == e ? outer : outer + ": " + message(root);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"xaa4j " + version()};
        }
    }

    /** The xaa4j version, from the jar manifest, or the build's version when run from classes. */
    public static String version() {
        String v = Xaa.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
