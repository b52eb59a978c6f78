package io.sharedstore.cluster;

import java.util.List;
import java.util.Objects;

/**
 * One page of {@link StoreClient#scan}: matching keys in key order, and the cursor to pass to the
 * next call; {@code ""} when the scan is complete.
 */
public record ScanPage(List<String> keys, String cursor) {
  public ScanPage {
    keys = List.copyOf(keys);
    Objects.requireNonNull(cursor, "cursor");
  }

  /** True when no page follows. */
  public boolean isComplete() {
    return cursor.isEmpty();
  }
}
