package io.sharedstore.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * Every process a run started (JVMs, servers), so they are stopped whatever happens: on {@link #close()} (use it
 * in try-with-resources) and, if the JVM is stopped first (Ctrl-C, SIGTERM), from a shutdown hook.
 * Processes stop in the reverse order of their start.
 */
public final class StartedProcesses implements AutoCloseable {

  private final List<AutoCloseable> processes = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopOnShutdown, "stop started processes");
  private boolean stopped;
  private volatile boolean stoppedByShutdown;

  private StartedProcesses() {}

  /** An empty set whose processes a JVM shutdown hook stops too. */
  public static StartedProcesses withShutdownHook() {
    StartedProcesses started = new StartedProcesses();
    Runtime.getRuntime().addShutdownHook(started.shutdownHook);
    return started;
  }

  /**
   * Adds a process to stop; if everything was stopped already (the JVM is going down), stops it
   * at once.
   */
  public <T extends AutoCloseable> T add(T process) {
    synchronized (this) {
      if (!stopped) {
        processes.add(process);
        return process;
      }
    }
    closeQuietly(process);
    return process;
  }

  /** Stops one process now (e.g. one configuration's clients) and forgets it. */
  public void stop(AutoCloseable process) {
    synchronized (this) {
      processes.remove(process);
    }
    closeQuietly(process);
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down; the hook is running or ran already.
    }
  }

  /** True once the shutdown hook stopped the processes (the JVM got Ctrl-C or SIGTERM). */
  public boolean stoppedByShutdown() {
    return stoppedByShutdown;
  }

  private void stopOnShutdown() {
    stoppedByShutdown = true;
    stopAll();
  }

  private void stopAll() {
    List<AutoCloseable> toStop;
    synchronized (this) {
      stopped = true;
      toStop = new ArrayList<>(processes);
      processes.clear();
    }
    for (int i = toStop.size() - 1; i >= 0; i--) {
      closeQuietly(toStop.get(i));
    }
  }

  private static void closeQuietly(AutoCloseable process) {
    try {
      process.close();
    } catch (Exception e) {
      System.err.println("could not stop " + process + ": " + e);
    }
  }
}
