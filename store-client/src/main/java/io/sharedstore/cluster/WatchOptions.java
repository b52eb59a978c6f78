package io.sharedstore.cluster;

/**
 * Where a {@link Watch} starts: {@link #fromNow()} (the default), or {@link #fromRevision} to
 * get every change after a revision the caller already has (for example the {@link
 * Watch#revision()} of an earlier watch), as far as the manager's history reaches.
 */
public final class WatchOptions {

  /** The protocol's "from the present" (the manager's {@code Watch.FROM_NOW}). */
  static final long NOW = io.sharedstore.store.protocol.Watch.FROM_NOW;

  private static final WatchOptions FROM_NOW = new WatchOptions(NOW);

  private final long fromRevision;

  private WatchOptions(long fromRevision) {
    this.fromRevision = fromRevision;
  }

  /**
   * From the present: the changes after the manager's revision when the watch reaches it.
   *
   * @return the options
   */
  public static WatchOptions fromNow() {
    return FROM_NOW;
  }

  /**
   * Every change after {@code revision} still in the manager's history
   * ({@code shared-store.watch.history}), then live; if the history no longer reaches back to
   * it, the watch starts with {@link StoreEvent.Reset} of reason {@link ResetReason#GAP} and
   * goes on from the present. A revision past the manager's latest fails the watch's {@link
   * Watch#started()} with {@link StoreRejectedException}.
   *
   * @param revision the last revision the caller has, 0 for "from the beginning the history
   *     keeps"
   * @return the options
   * @throws IllegalArgumentException if {@code revision} is negative
   */
  public static WatchOptions fromRevision(long revision) {
    if (revision < 0) {
      throw new IllegalArgumentException("revision must not be negative, was " + revision);
    }
    return new WatchOptions(revision);
  }

  /** The revision to start after, or {@link #NOW}. */
  long from() {
    return fromRevision;
  }

  /** For logs: {@code WatchOptions[fromNow]} or {@code WatchOptions[fromRevision=42]}. */
  @Override
  public String toString() {
    return fromRevision == NOW ? "WatchOptions[fromNow]"
        : "WatchOptions[fromRevision=" + fromRevision + "]";
  }
}
