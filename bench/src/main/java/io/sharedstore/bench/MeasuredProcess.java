package io.sharedstore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A server-side process (or tree of processes) whose CPU the bench measures over the measured
 * seconds: the manager, a store node, PostgreSQL.
 *
 * @param name as the report shows it ({@code manager}, {@code node-1}, {@code postgres}); never
 *     starting with {@link Bench#CLIENT_PREFIX}
 * @param cpu its CPU nanoseconds so far, if they can be read
 * @param io the bytes it read and wrote so far ({@code /proc/PID/io}), if they can be read
 */
record MeasuredProcess(String name, Supplier<OptionalLong> cpu, Supplier<OptionalLong> io) {

  /** Nanoseconds per clock tick of {@code /proc/PID/stat} (USER_HZ, 100 on Linux). */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /** One JVM (or any process) by pid. */
  static MeasuredProcess jvm(String name, long pid) {
    return new MeasuredProcess(name, () -> Machine.cpuNanos(pid), () -> Machine.ioBytes(pid));
  }

  /**
   * A server that forks a process per connection, as PostgreSQL's postmaster: its own CPU, the
   * CPU of its children that ended ({@code cutime + cstime} of {@code /proc/PID/stat}) and of
   * those alive now, so a backend that ends between two readings is still counted. No I/O
   * figure (its bytes are not the store's wire).
   */
  static MeasuredProcess tree(String name, long pid) {
    return new MeasuredProcess(name, () -> treeCpuNanos(pid), OptionalLong::empty);
  }

  OptionalLong cpuNanos() {
    return cpu.get();
  }

  /** The sum of {@code servers}' I/O bytes (those that have a figure), empty if none has. */
  static OptionalLong ioBytes(List<MeasuredProcess> servers) {
    long sum = 0;
    boolean any = false;
    for (MeasuredProcess server : servers) {
      OptionalLong bytes = server.io.get();
      if (bytes.isPresent()) {
        sum += bytes.getAsLong();
        any = true;
      }
    }
    return any ? OptionalLong.of(sum) : OptionalLong.empty();
  }

  private static OptionalLong treeCpuNanos(long pid) {
    OptionalLong own = statTicks(pid, true);
    if (own.isEmpty()) {
      return OptionalLong.empty();
    }
    long ticks = own.getAsLong();
    for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.children().toList())
        .orElse(List.of())) {
      ticks += statTicks(child.pid(), false).orElse(0);
    }
    return OptionalLong.of(ticks * NANOS_PER_TICK);
  }

  /**
   * {@code utime + stime} of {@code /proc/PID/stat}, plus {@code cutime + cstime} if {@code
   * withEndedChildren}.
   */
  private static OptionalLong statTicks(long pid, boolean withEndedChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces: the fields after it follow its ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      if (withEndedChildren) {
        ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
      }
      return OptionalLong.of(ticks);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
