package io.sharedstore.systemtests;

import io.sharedstore.testsupport.JvmProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A manager JVM on 127.0.0.1, a fixed port and a data directory ({@code --data-dir}), with extra
 * JVM options (say {@code -Dshared-store.persistence.fsync=always}): for the tests that stop a
 * manager and start another on the same directory. Closing it stops it (SIGTERM, then SIGKILL).
 */
final class PersistentManager implements AutoCloseable {

  private static final Duration STOP_WITHIN = Duration.ofSeconds(30);
  /** What a JVM that ran its shutdown hooks on SIGTERM (15) exits with: 128 + 15. */
  static final int EXIT_ON_SIGTERM = 143;

  private final JvmProcess jvm;
  private final String address;

  private PersistentManager(JvmProcess jvm, String address) {
    this.jvm = jvm;
    this.address = address;
  }

  /** Starts the manager and waits for its listening line (its log is loaded by then). */
  static PersistentManager start(String name, int port, Path dataDir, List<String> jvmOptions)
      throws TimeoutException, InterruptedException {
    List<String> options = new ArrayList<>(jvmOptions);
    options.addAll(JvmProcess.javaOptsFromEnvironment());
    JvmProcess jvm =
        ManagerJvm.start(
            name,
            options,
            List.of("--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString()));
    try {
      return new PersistentManager(jvm, ManagerJvm.awaitListening(jvm));
    } catch (TimeoutException | InterruptedException | RuntimeException e) {
      jvm.close();
      throw e;
    }
  }

  String address() {
    return address;
  }

  JvmProcess jvm() {
    return jvm;
  }

  /** SIGTERM and wait for the exit; answers the exit code, failing if it did not exit. */
  int terminate() throws Exception {
    jvm.signal("TERM");
    Optional<Integer> exit = jvm.waitFor(STOP_WITHIN);
    if (exit.isEmpty()) {
      throw new AssertionError(jvm.name() + " did not exit within " + STOP_WITHIN
          + " of SIGTERM:\n" + jvm.tail(20));
    }
    return exit.get();
  }

  @Override
  public void close() {
    jvm.close();
  }
}
