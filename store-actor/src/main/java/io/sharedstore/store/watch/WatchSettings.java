package io.sharedstore.store.watch;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The manager's watch settings, read once from the {@code shared-store.watch} block (defaults in
 * this module's {@code reference.conf}).
 *
 * @param history at most this many changes are kept in the {@link ChangeHistory}
 * @param historyMaxBytes at most about this many bytes of changes are kept, counted as {@link
 *     ChangeHistory#estimate} says
 * @param buffer at most this many events are sent to a watcher past its last acknowledgement
 *     (see {@link Watchers})
 * @param maxPerClient at most this many watches per client (per address of their {@code
 *     replyTo})
 * @param bufferMaxBytes at most about this many bytes of events are sent to a watcher past its
 *     last acknowledgement, counted as {@code WireSizes.watchEvent} estimates them (one event
 *     larger than this still goes, alone)
 * @param progressInterval how often the store sends its progress notices (see {@link
 *     Watchers#progress})
 * @param forgetAfter how long a client's heartbeats may stay silent before the store forgets
 *     its watches (one that comes back is told, and registers them again)
 */
public record WatchSettings(int history, long historyMaxBytes, int buffer, int maxPerClient,
    long bufferMaxBytes, Duration progressInterval, Duration forgetAfter) {

  /** The default {@code buffer}: 10,000 events. */
  public static final int DEFAULT_BUFFER = 10_000;

  /** The default {@code max-per-client}: 1,000 watches. */
  public static final int DEFAULT_MAX_PER_CLIENT = 1_000;

  /** The default {@code buffer-max-bytes}: 32 MiB. */
  public static final long DEFAULT_BUFFER_MAX_BYTES = 32L << 20;

  /** The default {@code progress-interval}: 1 s. */
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);

  /** The default {@code forget-after}: 30 s. */
  public static final Duration DEFAULT_FORGET_AFTER = Duration.ofSeconds(30);

  /**
   * The defaults of {@code reference.conf}: 100,000 changes, 64 MiB, 10,000 events, 1,000
   * watches, 32 MiB, 1 s, 30 s.
   */
  public static final WatchSettings DEFAULTS = new WatchSettings(100_000, 64L << 20,
      DEFAULT_BUFFER, DEFAULT_MAX_PER_CLIENT, DEFAULT_BUFFER_MAX_BYTES,
      DEFAULT_PROGRESS_INTERVAL, DEFAULT_FORGET_AFTER);

  /**
   * Checks the settings.
   *
   * @param history the most changes kept, not negative (0: no history, every resume is a gap)
   * @param historyMaxBytes the most estimated bytes of changes kept, not negative
   * @param buffer the most events unacknowledged per watcher, at least 1
   * @param maxPerClient the most watches per client, at least 1
   * @param bufferMaxBytes the most estimated bytes of events unacknowledged per watcher, at
   *     least 1
   * @param progressInterval how often progress notices go, positive
   * @param forgetAfter how long a silent client's watches are kept, not negative
   * @throws IllegalArgumentException if a setting is out of range
   */
  public WatchSettings {
    if (history < 0 || historyMaxBytes < 0) {
      throw new IllegalArgumentException(
          "watch.history and watch.history-max-bytes must not be negative");
    }
    if (buffer < 1 || maxPerClient < 1) {
      throw new IllegalArgumentException(
          "watch.buffer and watch.max-per-client must be at least 1, were " + buffer + " and "
              + maxPerClient);
    }
    if (bufferMaxBytes < 1) {
      throw new IllegalArgumentException(
          "watch.buffer-max-bytes must be at least 1, was " + bufferMaxBytes);
    }
    if (progressInterval.isNegative() || progressInterval.isZero()) {
      throw new IllegalArgumentException(
          "watch.progress-interval must be positive, was " + progressInterval);
    }
    if (forgetAfter.isNegative()) {
      throw new IllegalArgumentException(
          "watch.forget-after must not be negative, was " + forgetAfter);
    }
  }

  /**
   * Bounds with the default {@code progress-interval}.
   *
   * @param history the most changes kept, not negative
   * @param historyMaxBytes the most estimated bytes of changes kept, not negative
   * @param buffer the most events unacknowledged per watcher, at least 1
   * @param maxPerClient the most watches per client, at least 1
   * @param bufferMaxBytes the most estimated bytes of events unacknowledged per watcher
   */
  public WatchSettings(int history, long historyMaxBytes, int buffer, int maxPerClient,
      long bufferMaxBytes) {
    this(history, historyMaxBytes, buffer, maxPerClient, bufferMaxBytes,
        DEFAULT_PROGRESS_INTERVAL, DEFAULT_FORGET_AFTER);
  }

  /**
   * Bounds with the default {@code forget-after}.
   *
   * @param history the most changes kept, not negative
   * @param historyMaxBytes the most estimated bytes of changes kept, not negative
   * @param buffer the most events unacknowledged per watcher, at least 1
   * @param maxPerClient the most watches per client, at least 1
   * @param bufferMaxBytes the most estimated bytes of events unacknowledged per watcher
   * @param progressInterval how often progress notices go
   */
  public WatchSettings(int history, long historyMaxBytes, int buffer, int maxPerClient,
      long bufferMaxBytes, Duration progressInterval) {
    this(history, historyMaxBytes, buffer, maxPerClient, bufferMaxBytes, progressInterval,
        DEFAULT_FORGET_AFTER);
  }

  /**
   * These settings with another progress interval (tests make it long, so that no notice comes
   * between the messages they expect).
   *
   * @param interval how often progress notices go
   * @return the settings
   */
  public WatchSettings withProgressInterval(Duration interval) {
    return new WatchSettings(history, historyMaxBytes, buffer, maxPerClient, bufferMaxBytes,
        interval, forgetAfter);
  }

  /**
   * Bounds with the default {@code buffer-max-bytes}.
   *
   * @param history the most changes kept, not negative
   * @param historyMaxBytes the most estimated bytes of changes kept, not negative
   * @param buffer the most events unacknowledged per watcher, at least 1
   * @param maxPerClient the most watches per client, at least 1
   */
  public WatchSettings(int history, long historyMaxBytes, int buffer, int maxPerClient) {
    this(history, historyMaxBytes, buffer, maxPerClient, DEFAULT_BUFFER_MAX_BYTES);
  }

  /**
   * History bounds with the default {@code buffer}, {@code max-per-client} and {@code
   * buffer-max-bytes}.
   *
   * @param history the most changes kept, not negative
   * @param historyMaxBytes the most estimated bytes of changes kept, not negative
   */
  public WatchSettings(int history, long historyMaxBytes) {
    this(history, historyMaxBytes, DEFAULT_BUFFER, DEFAULT_MAX_PER_CLIENT);
  }

  /**
   * Reads {@code history}, {@code history-max-bytes}, {@code buffer}, {@code max-per-client},
   * {@code buffer-max-bytes}, {@code progress-interval} and {@code forget-after} from a {@code shared-store.watch} block.
   *
   * @param watch the {@code shared-store.watch} block
   * @return the settings
   * @throws com.typesafe.config.ConfigException if a key is missing or malformed
   * @throws IllegalArgumentException if a setting is out of range
   */
  public static WatchSettings create(Config watch) {
    return new WatchSettings(watch.getInt("history"), watch.getBytes("history-max-bytes"),
        watch.getInt("buffer"), watch.getInt("max-per-client"),
        watch.getBytes("buffer-max-bytes"), watch.getDuration("progress-interval"),
        watch.getDuration("forget-after"));
  }
}
