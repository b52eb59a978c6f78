package io.sharedstore.manager;

/**
 * The manager cannot listen where it was told: its port is in use, its host is unknown, or the
 * host is not an address of this machine. Nothing was started.
 */
public final class CannotListenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CannotListenException(String message, Throwable cause) {
    super(message, cause);
  }
}
