package io.sharedstore.demo;

import io.sharedstore.store.internal.CommandLineFlags;
import java.time.Duration;
import java.util.Optional;

/**
 * The flags of {@link Soak}: how long ({@code --minutes N}, fractions allowed, default 5; or
 * {@code --seconds S}), {@code --clients K} load JVMs (default 3) of {@code --threads T} threads
 * (default 4), and {@code --interval S}, the seconds between heap samples (default 10).
 */
record SoakOptions(Duration run, int clients, int threads, Duration interval) {

  static final String USAGE = "usage: soak [--minutes N | --seconds S] [--clients K] [--threads T]"
      + " [--interval S]";

  /**
   * Reads the flags.
   *
   * @throws IllegalArgumentException on an unknown, incomplete or out-of-range flag
   */
  static SoakOptions parse(String[] args) {
    CommandLineFlags flags = CommandLineFlags.parse(
        args, USAGE, "--minutes", "--seconds", "--clients", "--threads", "--interval");
    Optional<String> minutes = flags.text("--minutes");
    Optional<Integer> seconds = flags.number("--seconds", 1, 7 * 24 * 3600);
    if (minutes.isPresent() && seconds.isPresent()) {
      throw new IllegalArgumentException("give --minutes or --seconds, not both; " + USAGE);
    }
    Duration run = seconds.map(s -> Duration.ofSeconds(s))
        .orElseGet(() -> Duration.ofMillis(Math.round(minutes(minutes.orElse("5")) * 60_000)));
    return new SoakOptions(
        run,
        flags.number("--clients", 3, 1, 64),
        flags.number("--threads", 4, 1, 256),
        Duration.ofSeconds(flags.number("--interval", 10, 1, 3600)));
  }

  private static double minutes(String text) {
    double minutes;
    try {
      minutes = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--minutes must be a number, was [" + text + "]; " + USAGE);
    }
    if (!(minutes >= 1.0 / 60) || minutes > 7 * 24 * 60) {
      throw new IllegalArgumentException(
          "--minutes must be from 1/60 (a second) to a week, was [" + text + "]; " + USAGE);
    }
    return minutes;
  }
}
