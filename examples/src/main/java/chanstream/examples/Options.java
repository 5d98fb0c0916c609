package chanstream.examples;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line of one example: options that take a value ({@code --count 5} or
 * {@code --count=5}), flags ({@code --help}) and positional arguments. {@code --} ends the
 * options, so that a file named {@code --x} can still be given.
 */
final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flagsGiven = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Options() {
    }

    /**
     * Parses {@code args}.
     *
     * @param args the arguments after the example's name
     * @param valued the option names that take a value, with their leading {@code --}
     * @param flags the option names that take none; {@code --help} and {@code -h} are always
     *     accepted
     * @param positionalAllowed whether arguments other than options are accepted
     * @throws UsageException on an unknown option, a missing value or an unexpected argument
     */
    static Options parse(String[] args, Set<String> valued, Set<String> flags,
            boolean positionalAllowed) throws UsageException {
        Options options = new Options();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                if (!positionalAllowed) {
                    throw new UsageException("unexpected argument '" + arg + "'");
                }
                options.positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                options.flagsGiven.add("--help");
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (valued.contains(name)) {
                String value;
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("option " + name + " needs a value");
                }
                options.values.put(name, value);
            } else if (flags.contains(name) && equals < 0) {
                options.flagsGiven.add(name);
            } else {
                throw new UsageException("unknown option '" + arg + "'");
            }
        }
        return options;
    }

    boolean flag(String name) {
        return flagsGiven.contains(name);
    }

    boolean helpRequested() {
        return flag("--help");
    }

    List<String> positional() {
        return List.copyOf(positional);
    }

    int intValue(String name, int defaultValue, int min) throws UsageException {
        return intValue(name, defaultValue, min, Integer.MAX_VALUE, "");
    }

    /**
     * Returns the whole number given for {@code name}, or {@code defaultValue} when the option
     * is absent; a value above {@code max} is a usage error that gives {@code whyMax}.
     */
    int intValue(String name, int defaultValue, int min, int max, String whyMax)
            throws UsageException {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(
                    "option " + name + " needs a whole number, was '" + text + "'");
        }
        if (value < min) {
            throw new UsageException("option " + name + " must be >= " + min + ", was " + value);
        }
        if (value > max) {
            throw new UsageException("option " + name + " must be <= " + max + whyMax + ", was "
                    + value);
        }
        return value;
    }

    /**
     * Returns the duration given for {@code name}, or {@code defaultValue} when the option is
     * absent; see {@link #parseDuration} for the accepted forms.
     */
    Duration duration(String name, Duration defaultValue) throws UsageException {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            return parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("option " + name + ": " + e.getMessage());
        }
    }

    /**
     * Parses a duration written as a number with a unit ({@code 250ms}, {@code 1.5s},
     * {@code 2m}, {@code 1h}) or in ISO-8601 form ({@code PT2S}). A bare {@code 0} is zero.
     *
     * @throws IllegalArgumentException if {@code text} is in neither form, or negative
     */
    static Duration parseDuration(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("duration '" + text + "' is negative; durations"
                    + " are 0 or more, such as 250ms, 2s or PT1S");
        }
        if (trimmed.startsWith("p")) {
            try {
                return nonNegative(Duration.parse(trimmed.toUpperCase(Locale.ROOT)), text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(invalidDuration(text));
            }
        }

        int unitStart = 0;
        while (unitStart < trimmed.length() && isNumberChar(trimmed.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0 || unitStart == trimmed.length()) {
            throw new IllegalArgumentException(invalidDuration(text));
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(trimmed.substring(0, unitStart));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(invalidDuration(text));
        }

        long nanosPerUnit = nanosPerUnit(trimmed.substring(unitStart), text);
        BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit))
                .setScale(0, RoundingMode.HALF_UP);
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
    }

    private static long nanosPerUnit(String unit, String text) {
        switch (unit) {
            case "ms":
                return 1_000_000L;
            case "s":
                return 1_000_000_000L;
            case "m":
            case "min":
                return 60_000_000_000L;
            case "h":
                return 3_600_000_000_000L;
            default:
                throw new IllegalArgumentException(invalidDuration(text));
        }
    }

    private static boolean isNumberChar(char c) {
        return Character.isDigit(c) || c == '.';
    }

    private static Duration nonNegative(Duration duration, String text) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was '" + text + "'");
        }
        return duration;
    }

    private static String invalidDuration(String text) {
        return "invalid duration '" + text + "': use a number and a unit (250ms, 2s, 1m, 1h)"
                + " or ISO-8601 (PT2S)";
    }

    /** Formats a duration for people: {@code 850 ms}, {@code 2.4 s}, {@code 3 min 5 s}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = duration.toSeconds();
        return seconds / 60 + " min " + seconds % 60 + " s";
    }
}
