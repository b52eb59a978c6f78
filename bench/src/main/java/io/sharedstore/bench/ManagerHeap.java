package io.sharedstore.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap another JVM uses after a full collection, read with the JDK's {@code jcmd}: {@code
 * GC.run} (a full GC), then {@code GC.heap_info}, summing the {@code used} figure of every heap
 * space line (G1 has one, Parallel GC one per generation) before the Metaspace lines.
 */
final class ManagerHeap {

  private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private ManagerHeap() {}

  /** Runs a full GC in process {@code pid} and answers its used heap in bytes. */
  static long afterFullGc(long pid) throws InterruptedException {
    jcmd(pid, "GC.run");
    return usedBytes(jcmd(pid, "GC.heap_info"));
  }

  /** The used heap in a {@code GC.heap_info} output, in bytes. */
  static long usedBytes(String heapInfo) {
    long usedKib = 0;
    boolean found = false;
    for (String line : heapInfo.split("\n")) {
      if (line.contains("Metaspace")) {
        break;
      }
      Matcher used = USED.matcher(line);
      if (used.find()) {
        usedKib += Long.parseLong(used.group(1));
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException("no heap figure in jcmd GC.heap_info output:\n" + heapInfo);
    }
    return usedKib * 1024;
  }

  private static String jcmd(long pid, String command) throws InterruptedException {
    String jcmd = System.getProperty("java.home") + "/bin/jcmd";
    try {
      Process process = new ProcessBuilder(List.of(jcmd, Long.toString(pid), command))
          .redirectErrorStream(true)
          .start();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + jcmd + ": " + e.getMessage(), e);
    }
  }
}
