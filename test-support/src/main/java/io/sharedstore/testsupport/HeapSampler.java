package io.sharedstore.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap a JVM uses right after a full collection, read from outside with {@code jcmd
 * PID GC.class_histogram}: it runs a full, stop-the-world collection and then counts the live
 * objects, so its {@code Total} bytes are the heap after GC without the allocations that a busy
 * JVM makes between a {@code GC.run} and a later {@code GC.heap_info} (which vary by megabytes
 * from one sample to the next under load).
 */
public final class HeapSampler {

  private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
  private static final long JCMD_TIMEOUT_SECONDS = 60;

  private final String jcmd;
  private final long pid;

  /** A sampler of process {@code pid}. */
  public HeapSampler(long pid) {
    this.pid = pid;
    Path beside = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    this.jcmd = Files.isExecutable(beside) ? beside.toString() : "jcmd";
  }

  /** Collects garbage in the JVM, then answers the live heap in KiB. */
  public long usedAfterGcKib() throws IOException, InterruptedException {
    return parseLiveBytes(run("GC.class_histogram")) / 1024;
  }

  /** The bytes of the {@code Total} line of {@code GC.class_histogram} output. */
  static long parseLiveBytes(String histogram) {
    Matcher m = TOTAL.matcher(histogram);
    if (!m.find()) {
      throw new IllegalStateException(
          "no Total line in jcmd GC.class_histogram output:\n" + tail(histogram));
    }
    return Long.parseLong(m.group(1));
  }

  private static String tail(String text) {
    return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
  }

  private String run(String command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(List.of(jcmd, Long.toString(pid), command))
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " did not end within "
          + JCMD_TIMEOUT_SECONDS + " s");
    }
    if (process.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + command + " exited with " + process.exitValue()
          + ":\n" + output);
    }
    return output;
  }
}
