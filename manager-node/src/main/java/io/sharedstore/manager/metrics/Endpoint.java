package io.sharedstore.manager.metrics;

/** One read-only page of the metrics server: its content type and its body, made per request. */
interface Endpoint {

  /** The {@code Content-Type} of the body. */
  String contentType();

  /**
   * The body, as of now.
   *
   * @throws EndpointUnavailableException if what it shows cannot be had now (the store did not
   *     answer in time)
   */
  byte[] body();
}
