package io.sharedstore.demo;

import java.io.PrintStream;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Echoes the lines of a child process worth the operator's attention (WARN and ERROR log lines,
 * exceptions) to the demo's output, prefixed by the process name. Everything else, and the known
 * noise below, stays only in the process's collected output:
 *
 * <ul>
 *   <li>Pekko's warning that Cluster is not in use, logged by every remoting node at start with
 *       no setting to turn it off (Shared Store uses remoting without Cluster on purpose);
 *   <li>warnings after a cluster node printed its result: Artery logs its aborted connections
 *       while the node's ActorSystem shuts down. ERROR lines are still echoed.
 * </ul>
 */
final class OutputEcho implements Consumer<String> {

  private static final Pattern WORTH_ECHOING =
      Pattern.compile("\\b(WARN|ERROR)\\b|Exception|^\\s+at ");
  private static final Pattern ERROR = Pattern.compile("\\bERROR\\b");
  private static final String CLUSTER_NOT_IN_USE = "Pekko Cluster not in use";
  private static final String RESULT = "RESULT ";

  private final String name;
  private final PrintStream out;
  private volatile boolean reported;

  private OutputEcho(String name, PrintStream out) {
    this.name = name;
    this.out = out;
  }

  /** A consumer that echoes {@code name}'s notable lines to {@code out}. */
  static Consumer<String> of(String name, PrintStream out) {
    return new OutputEcho(name, out);
  }

  @Override
  public void accept(String line) {
    if (line.startsWith(RESULT)) {
      reported = true;
      return;
    }
    Pattern notable = reported ? ERROR : WORTH_ECHOING;
    if (notable.matcher(line).find() && !line.contains(CLUSTER_NOT_IN_USE)) {
      out.println("[" + name + "] " + line);
    }
  }
}
