package dk.vagtcentral.simulator;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * A command of the simulator's command line ({@link Main}). Picocli fills the annotated options, converting
 * values with {@link Converters}; {@link #call()} checks what one option cannot (ranges, options that need or
 * exclude each other) by throwing {@link #invalid} or {@link #usage}, which {@link Main} prints as one line
 * and exit code 2, then runs and returns the exit code: 0 success, 1 the run failed. Options that several commands
 * share word for word are declared once in a mixin ({@link TargetOptions}, {@link ClientOptions}), whose checks
 * use these same helpers through {@link #of}.
 */
abstract class SimulatorCommand implements Callable<Integer> {
    protected final PrintStream out;
    protected final PrintStream err;

    @Spec
    protected CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    protected SimulatorCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command a mixin's options were added to ({@code @Spec(Spec.Target.MIXEE)}), for its checks. */
    static SimulatorCommand of(CommandSpec mixee) {
        return (SimulatorCommand) mixee.userObject();
    }

    /** Whether the option was on the command line (not only its default). */
    protected boolean given(String option) {
        return parsed().hasMatchedOption(option);
    }

    /** A bad command line: printed as one line, exit code 2. */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A bad value for {@code option}, worded as picocli words a value it cannot convert. */
    protected ParameterException invalid(String option, String expected) {
        String value = given(option) ? last(parsed().matchedOption(option).stringValues())
                : spec.findOption(option).defaultValue();
        return usage("Invalid value for option '" + option + "': " + expected + ", got '" + value + "'");
    }

    /** {@code value} of {@code option} if it is within min..max, otherwise the usage error. */
    protected int within(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(option, "expected a whole number " + min + ".." + max);
        }
        return value;
    }

    /** Like {@link #within(String, int, int, int)} for a long. */
    protected long within(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(option, "expected a whole number " + min + ".." + max);
        }
        return value;
    }

    /** Event-loop threads: 0 (one a CPU) when the option was not given, otherwise {@code threads} within 1..256. */
    protected int eventLoops(String option, Integer threads) {
        return threads == null ? 0 : within(option, threads, 1, 256);
    }

    /** The usage error "OPTION REASON" for the first of {@code options} on the command line, if one is. */
    protected void refuseGiven(List<String> options, String reason) {
        for (String option : options) {
            if (given(option)) {
                throw usage(option + " " + reason);
            }
        }
    }

    /** A parse of the option's value by a domain class, whose IllegalArgumentException names the problem. */
    protected <T> T checked(String option, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw usage("Invalid value for option '" + option + "': " + e.getMessage());
        }
    }

    /** Hex digits of an account, checked against a digit count: the account as a number. */
    protected long hexAccount(String option, String text, int minDigits) {
        if (!text.matches("[0-9A-Fa-f]{" + minDigits + ",15}")) {
            throw invalid(option, "expected " + (minDigits == 1 ? "" : minDigits + "-15 ") + "hex digits such as "
                    + spec.findOption(option).defaultValue());
        }
        return Long.parseLong(text, 16);
    }

    /** Prints why the run failed, prefixed with the command ("vagtcentral-simulator load: ..."); exit code 1. */
    protected int failed(String message) {
        err.println(spec.qualifiedName() + ": " + message);
        return 1;
    }

    private ParseResult parsed() {
        return spec.commandLine().getParseResult();
    }

    private static String last(List<String> values) {
        return values.get(values.size() - 1);
    }
}
