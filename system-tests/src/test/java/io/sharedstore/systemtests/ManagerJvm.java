package io.sharedstore.systemtests;

import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;

/**
 * A manager JVM started with JVM options and flags of the test's choosing (another config file,
 * another host), which may refuse to start: the caller waits for its listening line or its exit.
 * A JVM shutdown hook kills any still alive, as {@link Managers} does for its own.
 */
final class ManagerJvm {

  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final Set<JvmProcess> STARTED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ManagerJvm::killLeftovers, "kill leftover manager JVMs"));
  }

  private ManagerJvm() {}

  /** Starts {@code ManagerNode} with these options and flags; does not wait for anything. */
  static JvmProcess start(String name, List<String> jvmOptions, List<String> args) {
    return start(name, jvmOptions, args, java.util.Map.of());
  }

  /** As above, with {@code environment} added to the manager's environment. */
  static JvmProcess start(String name, List<String> jvmOptions, List<String> args,
      java.util.Map<String, String> environment) {
    return startMain(name, "io.sharedstore.manager.ManagerNode", jvmOptions, args, environment);
  }

  /** Starts {@code mainClass} on the manager's classpath (e.g. the db-init command). */
  static JvmProcess startMain(String name, String mainClass, List<String> jvmOptions,
      List<String> args, java.util.Map<String, String> environment) {
    JvmProcess jvm =
        JvmProcess.start(
            name,
            Managers.layout().managerClasspath(),
            jvmOptions,
            mainClass,
            args,
            environment,
            line -> System.out.println("[" + name + "] " + line));
    STARTED.add(jvm);
    return jvm;
  }

  /** Waits for the listening line and answers the {@code host:port} it names. */
  static String awaitListening(JvmProcess jvm) throws TimeoutException, InterruptedException {
    Matcher listening = jvm.awaitLine(ManagerProcess.LISTENING, START_TIMEOUT);
    return listening.group(1);
  }

  private static void killLeftovers() {
    for (JvmProcess jvm : List.copyOf(STARTED)) {
      if (jvm.isAlive()) {
        ProcessHandle.of(jvm.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
