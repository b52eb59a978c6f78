package io.sharedstore.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntBiFunction;

/**
 * The {@code main} of the benchmark tools: a driver ({@link Bench}, {@link WatchLatency}, {@link
 * WatchFanout}) or a child JVM it starts ({@link LoadClient}, {@link FanoutWatcher}, {@link
 * WatchLatencyWatcher}, {@link WatchLatencyWriter}). Both print to an auto-flushing UTF-8 stdout
 * and exit the JVM with the status their body answers.
 */
final class ToolMain {

  /** What a child JVM does; answers its exit status. */
  @FunctionalInterface
  interface ChildBody {
    int run(String[] args, PrintStream out) throws Exception;
  }

  private ToolMain() {}

  /** Runs a driver, which reports its own failures, and exits the JVM with its status. */
  static void runDriver(String[] args, ToIntBiFunction<String[], PrintStream> driver) {
    System.exit(driver.applyAsInt(args, stdout()));
  }

  /**
   * Runs a child JVM's body and exits the JVM with its status; an exception becomes a {@link
   * ClientProtocol#ERROR} line with its stack trace, and status 1.
   */
  static void runChild(String[] args, ChildBody body) {
    PrintStream out = stdout();
    int status;
    try {
      status = body.run(args, out);
    } catch (Exception e) {
      out.println(ClientProtocol.ERROR + " " + e);
      e.printStackTrace(out);
      status = 1;
    }
    out.flush();
    System.exit(status);
  }

  private static PrintStream stdout() {
    return new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
  }
}
