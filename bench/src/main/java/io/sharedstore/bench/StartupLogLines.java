package io.sharedstore.bench;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manager's own account of its start: the INFO, WARN and ERROR lines of the project's loggers
 * (its start-up phases with their counts and times), each with the milliseconds from the JVM's
 * launch to the line's timestamp. The manager logs {@code HH:mm:ss.SSS LEVEL logger - message}
 * (its logback.xml) in the machine's time zone.
 */
final class StartupLogLines {

  /** One line: milliseconds after the launch, level, logger and message. */
  record Line(long afterLaunchMillis, String level, String logger, String message) {}

  private static final Pattern LINE = Pattern.compile(
      "^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) (INFO|WARN|ERROR)\\s+(\\S+) - (.*)$");
  private static final long DAY_MILLIS = 24L * 3600 * 1000;

  private StartupLogLines() {}

  /**
   * The project's lines among {@code output} (loggers {@code io.sharedstore...}, abbreviated by
   * logback to {@code i.s...}), timed against {@code launchEpochMillis}.
   */
  static List<Line> of(List<String> output, long launchEpochMillis, ZoneId zone) {
    LocalTime launch = Instant.ofEpochMilli(launchEpochMillis).atZone(zone).toLocalTime();
    long launchOfDay = launch.toNanoOfDay() / 1_000_000;
    List<Line> lines = new ArrayList<>();
    for (String text : output) {
      Matcher m = LINE.matcher(text);
      if (!m.matches() || !(m.group(3).startsWith("io.sharedstore")
          || m.group(3).startsWith("i.s."))) {
        continue;
      }
      long ofDay;
      try {
        ofDay = LocalTime.parse(m.group(1)).toNanoOfDay() / 1_000_000;
      } catch (DateTimeParseException e) {
        continue;
      }
      long after = Math.floorMod(ofDay - launchOfDay + DAY_MILLIS / 2, DAY_MILLIS)
          - DAY_MILLIS / 2;
      lines.add(new Line(after, m.group(2), m.group(3), m.group(4)));
    }
    return List.copyOf(lines);
  }
}
