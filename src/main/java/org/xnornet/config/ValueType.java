package org.xnornet.config;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a key's text becomes a value: a parser and a description of what it accepts ("an integer ≥ 1"). Numbers
 * take every notation Java prints ({@code 32}, {@code 0.0001}, {@code 1.0E-4}, {@code 1e3} for an integer
 * 1000); booleans take {@code true} or {@code false} only.
 */
public final class ValueType<T> {
    private final String description;
    private final String placeholder;
    private final Function<String, T> parser;

    private ValueType(String description, String placeholder, Function<String, T> parser) {
        this.description = description;
        this.placeholder = placeholder;
        this.parser = parser;
    }

    /**
     * A type of its own: {@code parser} returns the value or throws {@link IllegalArgumentException} (whose
     * message, if any, is added to the error after the description).
     */
    public static <T> ValueType<T> of(String description, String placeholder, Function<String, T> parser) {
        return new ValueType<>(description, placeholder, parser);
    }

    /** The value of {@code text}, or a {@link IllegalArgumentException} saying what was expected. */
    T parse(String text) {
        return parser.apply(text.trim());
    }

    public String description() {
        return description;
    }

    /** The parameter label in command-line help, e.g. {@code N}, {@code X}, {@code true|false}. */
    public String placeholder() {
        return placeholder;
    }

    public static ValueType<String> text(String placeholder) {
        return new ValueType<>("text", placeholder, s -> s);
    }

    public static ValueType<Boolean> bool() {
        return new ValueType<>("true or false", "true|false", s -> {
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s);
            }
            throw new IllegalArgumentException();
        });
    }

    /** Integers in [min, max]; the description names the bounds that matter. */
    public static ValueType<Integer> integer(int min, int max) {
        return new ValueType<>(rangeText("an integer", min, max), "N", s -> {
            long v = integral(s);
            if (v < min || v > max) {
                throw new IllegalArgumentException();
            }
            return (int) v;
        });
    }

    public static ValueType<Long> longInteger() {
        return new ValueType<>("an integer", "N", ValueType::integral);
    }

    /** Finite reals in [min, max], or (min, max] when {@code minOpen}. */
    public static ValueType<Double> real(double min, boolean minOpen, double max) {
        String what = Double.isInfinite(max) ? "a number " + (minOpen ? "> " : "≥ ") + plain(min)
                : "a number in " + (minOpen ? "(" : "[") + plain(min) + ", " + plain(max) + "]";
        return new ValueType<>(what, "X", s -> {
            double v = decimal(s).doubleValue();
            if (!Double.isFinite(v) || v < min || (minOpen && v == min) || v > max) {
                throw new IllegalArgumentException();
            }
            return v;
        });
    }

    /** One of {@code options} (case-insensitive; the value is the option as written here). */
    public static ValueType<String> choice(String... options) {
        List<String> list = Arrays.asList(options);
        return new ValueType<>("one of " + String.join(", ", list), String.join("|", list), s -> {
            String v = s.toLowerCase(Locale.ROOT);
            if (!list.contains(v)) {
                throw new IllegalArgumentException();
            }
            return v;
        });
    }

    private static String rangeText(String what, long min, long max) {
        if (max == Integer.MAX_VALUE) {
            return min == Integer.MIN_VALUE ? what : what + " ≥ " + min;
        }
        return what + " in [" + min + ", " + max + "]";
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** A decimal in any notation Java prints, without NaN, infinities, hex or type suffixes. */
    static BigDecimal decimal(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException();
        }
    }

    private static long integral(String s) {
        BigDecimal d = decimal(s);
        try {
            return d.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException();
        }
    }
}
