package io.sharedstore.store.watch;

import com.typesafe.config.Config;

/**
 * The manager's watch settings, read once from the {@code shared-store.watch} block (defaults in
 * this module's {@code reference.conf}).
 *
 * @param history at most this many changes are kept in the {@link ChangeHistory}
 * @param historyMaxBytes at most about this many bytes of changes are kept, counted as {@link
 *     ChangeHistory#estimate} says
 */
public record WatchSettings(int history, long historyMaxBytes) {

  /** The defaults of {@code reference.conf}: 100,000 changes, 64 MiB. */
  public static final WatchSettings DEFAULTS = new WatchSettings(100_000, 64L << 20);

  /**
   * Checks the settings.
   *
   * @param history the most changes kept, not negative (0: no history, every resume is a gap)
   * @param historyMaxBytes the most estimated bytes of changes kept, not negative
   * @throws IllegalArgumentException if a setting is negative
   */
  public WatchSettings {
    if (history < 0 || historyMaxBytes < 0) {
      throw new IllegalArgumentException(
          "watch.history and watch.history-max-bytes must not be negative");
    }
  }

  /**
   * Reads {@code history} and {@code history-max-bytes} from a {@code shared-store.watch} block.
   *
   * @param watch the {@code shared-store.watch} block
   * @return the settings
   * @throws com.typesafe.config.ConfigException if a key is missing or malformed
   * @throws IllegalArgumentException if a setting is negative
   */
  public static WatchSettings create(Config watch) {
    return new WatchSettings(watch.getInt("history"), watch.getBytes("history-max-bytes"));
  }
}
