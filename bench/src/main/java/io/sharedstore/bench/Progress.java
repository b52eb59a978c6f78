package io.sharedstore.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints one line per second while a configuration runs: the operations all clients completed in
 * that second, once every client has reported it.
 */
final class Progress {

  private final PrintStream out;
  private final int clients;
  private final int seconds;
  private final Map<String, long[]> reports = new HashMap<>();
  private final List<Long> run = new ArrayList<>();
  private final List<Long> warmup = new ArrayList<>();

  Progress(PrintStream out, int clients, int seconds) {
    this.out = out;
    this.clients = clients;
    this.seconds = seconds;
  }

  /** Takes a {@code BENCH-PROGRESS phase second ops} line. */
  void accept(String line) {
    String[] fields = line.split(" ");
    if (fields.length != 4) {
      return;
    }
    String phase = fields[1];
    String second = fields[2];
    long ops = Long.parseLong(fields[3]);
    synchronized (this) {
      long[] seen = reports.computeIfAbsent(phase + " " + second, k -> new long[2]);
      seen[0]++;
      seen[1] += ops;
      if (seen[0] == clients) {
        if (phase.equals("run")) {
          run.add(seen[1]);
          out.printf(Locale.ROOT, "  run     %3s/%d s: %,11d ops/s%n", second, seconds, seen[1]);
        } else {
          warmup.add(seen[1]);
          out.printf(Locale.ROOT, "  warm-up %3s s:    %,11d ops/s%n", second, seen[1]);
        }
      }
    }
  }

  /** The operations completed in each warm-up second so far, over all clients. */
  synchronized List<Long> warmupSeries() {
    return List.copyOf(warmup);
  }

  /** The operations completed in each measured second so far, over all clients. */
  synchronized List<Long> runSeries() {
    return List.copyOf(run);
  }
}
