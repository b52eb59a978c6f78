package io.sharedstore.manager;

/**
 * The manager was configured to listen on a non-loopback address without TLS with mutual
 * authentication, and {@code shared-store.allow-insecure-remote} is off: it refuses to start,
 * since anyone who could reach the port could read and write the store.
 */
public final class InsecureRemoteException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  InsecureRemoteException(String message) {
    super(message);
  }
}
