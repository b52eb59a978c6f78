package io.sharedstore.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A manager node in its own JVM, started from the manager module's classpath only (so no
 * application class can reach it), and the address it reported listening on.
 */
public final class ManagerProcess implements AutoCloseable {

  /** The line a manager prints once it accepts connections; group 1 is {@code host:port}. */
  public static final Pattern LISTENING =
      Pattern.compile("Shared store manager listening on (\\S+)");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final JvmProcess jvm;
  private final String address;

  private ManagerProcess(JvmProcess jvm, String address) {
    this.jvm = jvm;
    this.address = address;
  }

  /**
   * Starts a manager on 127.0.0.1 and the given port (0: a free one) and waits for its
   * listening line.
   */
  public static ManagerProcess start(
      ProjectLayout layout, int port, List<String> jvmOptions, Consumer<String> echo)
      throws TimeoutException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
    JvmProcess jvm =
        JvmProcess.start(
            "manager",
            layout.managerClasspath(),
            jvmOptions,
            "io.sharedstore.manager.ManagerNode",
            args,
            echo);
    try {
      Matcher listening = jvm.awaitLine(LISTENING, START_TIMEOUT);
      return new ManagerProcess(jvm, listening.group(1));
    } catch (TimeoutException | InterruptedException | RuntimeException e) {
      jvm.close();
      throw e;
    }
  }

  /** The {@code host:port} clients connect to. */
  public String address() {
    return address;
  }

  /** The port it listens on. */
  public int port() {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** The manager's JVM: its output, pid and signals. */
  public JvmProcess jvm() {
    return jvm;
  }

  @Override
  public void close() {
    jvm.close();
  }
}
