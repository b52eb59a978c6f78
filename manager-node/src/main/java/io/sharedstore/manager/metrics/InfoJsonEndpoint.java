package io.sharedstore.manager.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.sharedstore.store.Timeline;
import io.sharedstore.store.protocol.ManagerInfo;

/**
 * {@code GET /info.json}, what the status page shows: {@code {"info": ..., "timeline": [...]}},
 * the store's info sections as the store answers them now ({@code server}, {@code clients},
 * {@code memory}, {@code stats}, {@code keyspace}, each with its record's field names) and its
 * timeline, one point per second over the last 5 minutes, oldest first.
 */
final class InfoJsonEndpoint implements Endpoint {

  static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());

  private final InfoSnapshot snapshot;

  /**
   * The endpoint.
   *
   * @param snapshot asked for the info and the timeline at each request
   */
  InfoJsonEndpoint(InfoSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  @Override
  public byte[] body() {
    ManagerInfo info = Answers.await(snapshot.refresh(), "info", snapshot.timeout());
    Timeline timeline = Answers.await(snapshot.timeline(), "the timeline", snapshot.timeout());
    return render(info, timeline);
  }

  /**
   * The JSON document of this info and timeline.
   *
   * @param info the info sections
   * @param timeline the points
   * @return UTF-8 bytes
   */
  static byte[] render(ManagerInfo info, Timeline timeline) {
    ObjectNode root = JSON.createObjectNode();
    root.set("info", JSON.valueToTree(info));
    root.set("timeline", JSON.valueToTree(timeline.points()));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("records of numbers and strings always render", e);
    }
  }
}
