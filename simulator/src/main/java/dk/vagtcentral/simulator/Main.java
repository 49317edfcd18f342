package dk.vagtcentral.simulator;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line, parsed by picocli: {@code send}, {@code load}, {@code baseline-server}, {@code abuse} and
 * {@code storm} ({@link SimulatorCommand}s), {@code help} and {@code --help} everywhere. Exit codes: 0 success,
 * 1 the run failed (not ACKed, nothing ACKed, verification failed, connection impossible), 2 bad command line,
 * reported on one line: {@code vagtcentral-simulator send: <what is wrong, naming the option> (see --help)}.
 */
@Command(name = Main.PROGRAM,
        customSynopsis = "java -jar vagtcentral-simulator.jar <command> [options]",
        description = "Plays social-alarm transmitters speaking SIA DC-09 or SCAIP to a receiver.",
        commandListHeading = "%ncommands:%n",
        footer = {"", "Run '<command> --help' for the options of a command. Durations are written as the "
                + "server's configuration writes them: 500ms, 30s, 5m, 12h, 7d or ISO-8601 such as PT5S."})
public final class Main extends SimulatorCommand {
    static final String PROGRAM = "vagtcentral-simulator";

    /** The exit codes, in the help of every command that does not list its own. */
    private static final Map<String, String> EXIT_CODES = exitCodes();

    private Main(PrintStream out, PrintStream err) {
        super(out, err);
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs a command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(out, err).execute(args);
    }

    /** The command tree writing to out and err, with the simulator's converters and error handling. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main(out, err))
                .addSubcommand(new SendCommand(out, err))
                .addSubcommand(new LoadCommand(out, err))
                .addSubcommand(new BaselineServerCommand(out, err))
                .addSubcommand(new AbuseCommand(out, err))
                .addSubcommand(new StormCommand(out, err))
                .addSubcommand(new HelpCommand());
        Converters.registerOn(cli);
        List<CommandLine> commands = new ArrayList<>(cli.getSubcommands().values());
        commands.add(cli);
        for (CommandLine command : commands) { // the common layout of every command's help
            UsageMessageSpec usage = command.getCommandSpec().usageMessage();
            if (command.getCommand() instanceof SimulatorCommand) {
                usage.sortOptions(false).descriptionHeading("%n").optionListHeading("%noptions:%n");
                if (usage.exitCodeList().isEmpty()) {
                    usage.exitCodeListHeading("%nexit codes:%n").exitCodeList(EXIT_CODES);
                }
            }
        }
        return cli.setOut(new PrintWriter(out, true))
                .setUsageHelpWidth(100)
                .setErr(new PrintWriter(err, true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .setExpandAtFiles(false)
                .setParameterExceptionHandler(Main::badCommandLine)
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        command.getErr().println(command.getCommandSpec().qualifiedName() + ": interrupted");
                        return 1;
                    }
                    throw e;
                });
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "success");
        codes.put("1", "the run failed (not ACKed, nothing ACKed, verification failed, no connection)");
        codes.put("2", "bad command line (one line on stderr naming the option)");
        return Collections.unmodifiableMap(codes);
    }

    /** No command: the usage, on stderr. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return 2;
    }

    /** One line naming what is wrong, prefixed with the command; exit code 2. */
    private static int badCommandLine(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            if (command.getParent() == null && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
                message = "unknown command '" + unmatched.get(0) + "' (expected "
                        + String.join(", ", command.getSubcommands().keySet()) + ")";
            }
            if (!u.getSuggestions().isEmpty()) {
                message += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
            }
        }
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": "
                + message.strip().replaceAll("\\s*\\R\\s*", "; ") + " (see --help)");
        return 2;
    }
}
