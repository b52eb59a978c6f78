package io.sharedstore.cluster;

import com.typesafe.config.Config;
import io.sharedstore.store.StoreSettings;
import java.time.Duration;

/**
 * A client's settings, read once: its default timeout and the store's limits, which the client
 * checks before sending anything.
 */
record ClientSettings(Duration timeout, int maxKeyLength, int maxValueSize) {

  static ClientSettings create(Config config) {
    StoreSettings store = StoreSettings.create(config);
    Duration timeout = config.getDuration("shared-store.client.timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("shared-store.client.timeout must be positive");
    }
    return new ClientSettings(timeout, store.maxKeyLength(), store.maxValueSize());
  }
}
