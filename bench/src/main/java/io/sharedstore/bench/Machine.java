package io.sharedstore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** What the driver reads about the machine and its processes, from {@code /proc} where needed. */
final class Machine {

  private Machine() {}

  /** The 1, 5 and 15-minute load averages, as {@code /proc/loadavg} prints them, or "n/a". */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** The tools' {@code machine:} line: cores, load average and Java version. */
  static String describe() {
    return String.format(Locale.ROOT, "machine: %d cores, load average %s, Java %s",
        Runtime.getRuntime().availableProcessors(), loadAverage(),
        System.getProperty("java.version"));
  }

  /** The CPU time (user + system) a process used so far, in nanoseconds, if it can be read. */
  static OptionalLong cpuNanos(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(handle -> handle.info().totalCpuDuration())
        .map(Duration::toNanos)
        .map(OptionalLong::of)
        .orElse(OptionalLong.empty());
  }

  /**
   * The bytes a process read and wrote through read/write system calls so far ({@code rchar +
   * wchar} of {@code /proc/PID/io}): for a manager, almost all of it is its remoting sockets.
   */
  static OptionalLong ioBytes(long pid) {
    try {
      long total = 0;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
        if (line.startsWith("rchar:") || line.startsWith("wchar:")) {
          total += Long.parseLong(line.substring(6).trim());
        }
      }
      return OptionalLong.of(total);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The bytes sent on the loopback interface so far ({@code /proc/net/dev}, {@code lo} transmit):
   * every process's loopback traffic, with TCP/IP headers.
   */
  static OptionalLong loopbackBytes() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/dev"));
      for (String line : lines) {
        String trimmed = line.trim();
        if (trimmed.startsWith("lo:")) {
          String[] fields = trimmed.substring(3).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(fields[8]));
        }
      }
      return OptionalLong.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** True if an executable of that name is on the PATH. */
  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
