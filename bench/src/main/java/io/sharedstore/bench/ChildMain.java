package io.sharedstore.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code main} of every child JVM the benchmark tools start ({@link LoadClient}, {@link
 * FanoutWatcher}, {@link WatchLatencyWatcher}, {@link WatchLatencyWriter}): runs its body with an
 * auto-flushing UTF-8 stdout, turns an exception into a {@link ClientProtocol#ERROR} line with its
 * stack trace and status 1, and exits the JVM with the body's status.
 */
final class ChildMain {

  /** What a child JVM does; answers its exit status. */
  @FunctionalInterface
  interface Body {
    int run(String[] args, PrintStream out) throws Exception;
  }

  private ChildMain() {}

  /** Runs {@code body} and exits the JVM with its status (1 if it threw). */
  static void runAndExit(String[] args, Body body) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
        StandardCharsets.UTF_8);
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
}
