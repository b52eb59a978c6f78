package io.sharedstore.cluster;

import java.util.List;
import java.util.Objects;

/**
 * One page of {@link StoreClient#scan}: matching keys in key order, and the cursor to pass to the
 * next call; {@code ""} when the scan is complete. A page may hold fewer keys than the limit, even
 * none, before the scan is complete: stop on {@link #isComplete()}, not on a short page.
 *
 * @param keys the live keys of this page that match the glob, in key order (unmodifiable)
 * @param cursor where the next page starts: pass it to the next {@code scan}; {@code ""} when no
 *     page follows
 */
public record ScanPage(List<String> keys, String cursor) {
  /**
   * Copies {@code keys} into an unmodifiable list.
   *
   * @param keys the page's keys
   * @param cursor the next page's cursor, {@code ""} at the end
   * @throws NullPointerException if {@code keys}, one of its elements or {@code cursor} is null
   */
  public ScanPage {
    keys = List.copyOf(keys);
    Objects.requireNonNull(cursor, "cursor");
  }

  /**
   * Whether the scan is over.
   *
   * @return true when no page follows (the cursor is {@code ""})
   */
  public boolean isComplete() {
    return cursor.isEmpty();
  }
}
