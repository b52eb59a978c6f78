package io.sharedstore.systemtests;

import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.ProjectLayout;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Starts manager JVMs for the tests, from the manager module's own classpath, with their output
 * echoed (prefixed) to this JVM's stdout. Tests stop what they start; a JVM shutdown hook also
 * kills any manager still alive, so even a test JVM killed by the fork timeout leaves none.
 */
final class Managers {

  private static final Set<JvmProcess> STARTED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(Managers::killLeftovers, "kill leftover managers"));
  }

  private Managers() {}

  /** The checkout these tests run in. */
  static ProjectLayout layout() {
    return ProjectLayout.locate();
  }

  /** A manager on 127.0.0.1 and {@code port} (0: any free one), once it listens. */
  static ManagerProcess start(int port) throws TimeoutException, InterruptedException {
    ManagerProcess manager =
        ManagerProcess.start(
            layout(), port, JvmProcess.javaOptsFromEnvironment(), line -> echo(port, line));
    STARTED.add(manager.jvm());
    return manager;
  }

  private static void echo(int port, String line) {
    System.out.println("[manager :" + port + "] " + line);
  }

  private static void killLeftovers() {
    for (JvmProcess jvm : List.copyOf(STARTED)) {
      if (jvm.isAlive()) {
        ProcessHandle.of(jvm.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
