package io.sharedstore.manager.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /}: the status page, one self-contained HTML file (resource {@value #RESOURCE}: its
 * CSS and script inline, no external script or font), which draws what {@code /info.json}
 * answers, every second.
 */
final class StatusPageEndpoint implements Endpoint {

  static final String RESOURCE = "status.html";
  static final String CONTENT_TYPE = "text/html; charset=utf-8";

  private final byte[] page;

  /** Reads the page once. */
  StatusPageEndpoint() {
    try (InputStream in = StatusPageEndpoint.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the manager's jar lacks its " + RESOURCE);
      }
      page = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  @Override
  public byte[] body() {
    return page.clone();
  }
}
