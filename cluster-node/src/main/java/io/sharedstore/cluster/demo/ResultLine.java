package io.sharedstore.cluster.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * The one machine-readable line a cluster node prints at the end: {@code RESULT } followed by its
 * {@link NodeReport} as JSON on a single line.
 */
public final class ResultLine {

  /** Every result line starts with this. */
  public static final String PREFIX = "RESULT ";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultLine() {}

  /** The report as a result line. */
  public static String format(NodeReport report) {
    try {
      return PREFIX + JSON.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  /**
   * The report in {@code line}, if it is a result line.
   *
   * @throws IllegalArgumentException if it starts like one but its JSON is unreadable
   */
  public static Optional<NodeReport> parse(String line) {
    if (!line.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(line.substring(PREFIX.length()), NodeReport.class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable result line: " + e.getMessage(), e);
    }
  }
}
