package io.sharedstore.demo;

import io.sharedstore.cluster.demo.NodeReport;
import io.sharedstore.cluster.demo.ResultLine;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ProjectLayout;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cluster node ({@code io.sharedstore.cluster.ClusterNode}) in its own JVM, started from the
 * cluster module's classpath, and the report it printed.
 */
final class ClusterNodeProcess implements AutoCloseable {

  private static final String MAIN_CLASS = "io.sharedstore.cluster.ClusterNode";

  private final JvmProcess jvm;
  private final int clusterId;

  private ClusterNodeProcess(JvmProcess jvm, int clusterId) {
    this.jvm = jvm;
    this.clusterId = clusterId;
  }

  /**
   * Starts cluster {@code id} against the manager at {@code managerAddress} for some seconds;
   * with {@code racy} it also runs the seed's racy recipes.
   */
  static ClusterNodeProcess start(
      ProjectLayout layout, List<String> jvmOptions, int id, String managerAddress, int seconds,
      boolean racy, PrintStream echo) {
    String name = "cluster-" + id;
    List<String> args =
        new ArrayList<>(List.of("--id", Integer.toString(id), "--manager", managerAddress,
            "--seconds", Integer.toString(seconds)));
    if (racy) {
      args.add("--racy");
    }
    return new ClusterNodeProcess(
        JvmProcess.start(name, layout.clusterClasspath(), jvmOptions, MAIN_CLASS, args,
            OutputEcho.of(name, echo)),
        id);
  }

  String name() {
    return jvm.name();
  }

  int clusterId() {
    return clusterId;
  }

  /** True while the node's JVM runs. */
  boolean isAlive() {
    return jvm.isAlive();
  }

  /**
   * Waits for the node to end and answers its report.
   *
   * @throws IllegalStateException with the node's last output if it did not end in time, exited
   *     with a nonzero status or printed no result line
   */
  NodeReport awaitReport(Duration timeout) throws InterruptedException {
    Optional<Integer> exit = jvm.waitFor(timeout);
    if (exit.isEmpty()) {
      throw failure("still running after " + timeout.toSeconds() + " s");
    }
    if (exit.get() != 0) {
      throw failure("exited with status " + exit.get());
    }
    for (String line : jvm.lines()) {
      Optional<NodeReport> report;
      try {
        report = ResultLine.parse(line);
      } catch (IllegalArgumentException e) {
        throw failure(e.getMessage());
      }
      if (report.isPresent()) {
        return report.get();
      }
    }
    throw failure("printed no " + ResultLine.PREFIX.trim() + " line");
  }

  private IllegalStateException failure(String problem) {
    return new IllegalStateException(
        jvm.name() + " " + problem + "; its last output:\n" + jvm.tail(15));
  }

  @Override
  public void close() {
    jvm.close();
  }

  @Override
  public String toString() {
    return jvm.name();
  }
}
