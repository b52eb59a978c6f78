package io.sharedstore.manager.metrics;

/** An endpoint cannot answer now (the store did not answer it in time): a 503 for the caller. */
final class EndpointUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Why.
   *
   * @param message what did not answer
   * @param cause the failure of the ask
   */
  EndpointUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
