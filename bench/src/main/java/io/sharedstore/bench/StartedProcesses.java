package io.sharedstore.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a bench run started (JVMs, redis-server, redis-benchmark), stopped whatever happens:
 * on {@link #close()} and, if the driver is stopped first (Ctrl-C, SIGTERM), from a shutdown hook;
 * in the reverse order of their start. (The demo's equivalent is private to its package.)
 */
final class StartedProcesses implements AutoCloseable {

  private final List<AutoCloseable> processes = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "stop started processes");
  private boolean stopped;

  private StartedProcesses() {}

  static StartedProcesses withShutdownHook() {
    StartedProcesses started = new StartedProcesses();
    Runtime.getRuntime().addShutdownHook(started.shutdownHook);
    return started;
  }

  /** Adds a process to stop; if everything was stopped already, stops it at once. */
  <T extends AutoCloseable> T add(T process) {
    synchronized (this) {
      if (!stopped) {
        processes.add(process);
        return process;
      }
    }
    closeQuietly(process);
    return process;
  }

  /** Stops one process now (e.g. a configuration's clients) and forgets it. */
  void stop(AutoCloseable process) {
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
