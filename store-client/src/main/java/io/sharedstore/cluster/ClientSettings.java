package io.sharedstore.cluster;

import com.typesafe.config.Config;
import io.sharedstore.store.StoreSettings;
import java.time.Duration;

/**
 * A client's settings, read once: its default timeout, its heartbeat and connect timeout, and the
 * store's limits, which the client checks before sending anything.
 */
record ClientSettings(
    Duration timeout, int maxKeyLength, int maxValueSize, StoreConnection.Heartbeat heartbeat) {

  static ClientSettings create(Config config) {
    StoreSettings store = StoreSettings.create(config);
    Duration timeout = config.getDuration("shared-store.client.timeout");
    if (timeout.compareTo(CallTimeouts.MINIMUM) < 0) {
      throw new IllegalArgumentException(
          "shared-store.client.timeout must be at least 1 ms, was " + timeout);
    }
    StoreConnection.Heartbeat heartbeat =
        new StoreConnection.Heartbeat(
            config.getDuration("shared-store.client.heartbeat-interval"),
            config.getDuration("shared-store.client.heartbeat-timeout"),
            config.getDuration("shared-store.client.connect-timeout"));
    return new ClientSettings(timeout, store.maxKeyLength(), store.maxValueSize(), heartbeat);
  }
}
