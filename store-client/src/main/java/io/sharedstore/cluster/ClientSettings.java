package io.sharedstore.cluster;

import com.typesafe.config.Config;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.watch.WatchSettings;
import java.time.Duration;

/**
 * A client's settings, read once: its default timeout, its heartbeat and connect timeout, the
 * store's limits, which the client checks before sending anything, the watch bounds ({@code
 * shared-store.watch}: the buffer its acknowledgements keep up with, the per-client bound it
 * checks at the call) and the near caches' size.
 */
record ClientSettings(
    Duration timeout, int maxKeyLength, int maxValueSize, StoreConnection.Heartbeat heartbeat,
    WatchSettings watch, int nearCacheMaxEntries) {

  /** Settings with the default watch bounds and near-cache size (tests make these). */
  ClientSettings(Duration timeout, int maxKeyLength, int maxValueSize,
      StoreConnection.Heartbeat heartbeat) {
    this(timeout, maxKeyLength, maxValueSize, heartbeat, WatchSettings.DEFAULTS, 10_000);
  }

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
    int nearCacheMaxEntries = config.getInt("shared-store.near-cache.max-entries");
    if (nearCacheMaxEntries < 1) {
      throw new IllegalArgumentException(
          "shared-store.near-cache.max-entries must be at least 1, was " + nearCacheMaxEntries);
    }
    return new ClientSettings(timeout, store.maxKeyLength(), store.maxValueSize(), heartbeat,
        store.watch(), nearCacheMaxEntries);
  }
}
