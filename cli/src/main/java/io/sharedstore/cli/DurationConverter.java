package io.sharedstore.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A duration on the command line: a whole number with a unit ({@code 500ms}, {@code 5s}, {@code
 * 2m}, {@code 1h}, {@code 1d}), a bare number of seconds (as Redis's EXPIRE takes it), or ISO-8601
 * ({@code PT5S}). Whether it is long enough is the store's call.
 */
final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern WITH_UNIT = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)?");

  @Override
  public Duration convert(String text) {
    Matcher m = WITH_UNIT.matcher(text);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      try {
        return switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      } catch (ArithmeticException e) {
        throw new TypeConversionException("duration too long: [" + text + "]");
      }
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "not a duration: [" + text + "] (e.g. 500ms, 30s, 5m, 1h, 1d or PT30S)");
    }
  }
}
