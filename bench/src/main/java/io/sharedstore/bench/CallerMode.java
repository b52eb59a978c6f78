package io.sharedstore.bench;

import io.sharedstore.testsupport.load.Callers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a load client issues its calls ({@code --callers}): {@code chained}, the next call issued
 * from the completion of the previous one on the client's dispatcher, or {@code threads},
 * application threads that each block on a semaphore bounding their share of the outstanding
 * calls, released by each completion, as a bot's event threads use the store.
 */
enum CallerMode {
  CHAINED,
  THREADS;

  /** The name in {@code --callers} and in the results. */
  String flagName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The callers of a client with {@code outstanding} calls in flight: that many chains, or
   * {@code threads} threads (fewer if it has fewer calls than threads) sharing them.
   */
  Callers callers(int outstanding, int threads) {
    return switch (this) {
      case CHAINED -> Callers.chained(outstanding);
      case THREADS -> Callers.threads(Math.min(threads, outstanding), outstanding);
    };
  }

  static CallerMode named(String name) {
    for (CallerMode mode : values()) {
      if (mode.flagName().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "--callers must be chained or threads (or a comma list of them), was " + name);
  }

  /** {@code chained}, {@code threads} or {@code threads,chained}: each at most once. */
  static List<CallerMode> list(String text) {
    List<CallerMode> modes = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      CallerMode mode = named(part);
      if (modes.contains(mode)) {
        throw new IllegalArgumentException("--callers names " + mode.flagName() + " twice");
      }
      modes.add(mode);
    }
    return List.copyOf(modes);
  }
}
