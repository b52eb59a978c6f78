package io.sharedstore.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Ctrl-C (SIGINT) while a command that runs until stopped ({@code stat}, {@code latency}) is
 * running: instead of ending the JVM (exit 130), it interrupts the command's thread, so the
 * command ends normally, prints what it has, closes its connection and the CLI exits 0, as
 * redis-cli does. At the prompt the next line is read. Closing it restores the handler that was
 * there before.
 *
 * <p>The JDK's signal API ({@code sun.misc.Signal}, module {@code jdk.unsupported}) is reached
 * by reflection, so the build carries no warning about an internal API. Where it is missing, or
 * the JVM was started with SIGINT ignored (a background job), Ctrl-C keeps its usual effect and
 * {@link #pressed()} stays false.
 */
final class CtrlC implements AutoCloseable {

  private final Thread thread;
  /** The handler before this one, to put back; null if none was installed. */
  private final Object previous;
  private boolean active;
  private volatile boolean pressed;

  private CtrlC(Thread thread) {
    this.thread = thread;
    this.active = true;
    this.previous = install(this);
  }

  /** Catches Ctrl-C for the current thread's command until {@link #close()}. */
  static CtrlC catching() {
    return new CtrlC(Thread.currentThread());
  }

  /** Whether Ctrl-C was pressed since {@link #catching()}. */
  boolean pressed() {
    return pressed;
  }

  /** Called on the JVM's signal thread. */
  private synchronized void onInterrupt() {
    if (active) {
      pressed = true;
      thread.interrupt();
    }
  }

  /**
   * Puts the previous handler back and clears the command thread's interrupt, so closing the
   * connection and the next command run undisturbed.
   */
  @Override
  public void close() {
    synchronized (this) {
      active = false;
    }
    if (previous != null) {
      Signals.handle(previous);
    }
    Thread.interrupted();
  }

  private static Object install(CtrlC ctrlC) {
    if (!Signals.AVAILABLE) {
      return null;
    }
    Object handler = Signals.handler(ctrlC::onInterrupt);
    Object before = Signals.handle(handler);
    if (before == null || before == Signals.IGNORED) {
      // Not installed (SIGINT is ignored in this JVM), or nothing to put back.
      return null;
    }
    return before;
  }

  /** {@code sun.misc.Signal} through reflection; every failure means "not available". */
  private static final class Signals {

    static final boolean AVAILABLE;
    static final Object IGNORED;
    private static final Class<?> HANDLER_TYPE;
    private static final Object INT;
    private static final Method HANDLE;

    static {
      Class<?> handlerType = null;
      Object interrupt = null;
      Method handle = null;
      Object ignored = null;
      try {
        Class<?> signalType = Class.forName("sun.misc.Signal");
        handlerType = Class.forName("sun.misc.SignalHandler");
        interrupt = signalType.getConstructor(String.class).newInstance("INT");
        handle = signalType.getMethod("handle", signalType, handlerType);
        ignored = handlerType.getField("SIG_IGN").get(null);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        handle = null;
      }
      HANDLER_TYPE = handlerType;
      INT = interrupt;
      HANDLE = handle;
      IGNORED = ignored;
      AVAILABLE = handle != null;
    }

    private Signals() {}

    /** A {@code SignalHandler} that runs {@code action}. */
    static Object handler(Runnable action) {
      InvocationHandler calls = (proxy, method, args) -> switch (method.getName()) {
        case "handle" -> {
          action.run();
          yield null;
        }
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        case "toString" -> "ctrl-c handler of the shared-store cli";
        default -> null;
      };
      return Proxy.newProxyInstance(
          CtrlC.class.getClassLoader(), new Class<?>[] {HANDLER_TYPE}, calls);
    }

    /** Installs {@code handler} for SIGINT; answers the one before, or null if it failed. */
    static Object handle(Object handler) {
      try {
        return HANDLE.invoke(null, INT, handler);
      } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
        return null; // e.g. the JVM uses SIGINT itself (-Xrs): Ctrl-C keeps its usual effect
      }
    }
  }
}
