package io.sharedstore.sharding;

import java.util.Locale;

/**
 * Where a slot keeps its data ({@code shared-store.cluster.durability}).
 */
public enum SlotDurability {
  /**
   * Every change goes to the journal (PostgreSQL, through pekko-persistence-jdbc) before it is
   * acknowledged; a slot started anywhere recovers from its snapshot and events.
   */
  JOURNAL,
  /** In memory only: a slot whose node crashes starts empty elsewhere. */
  NONE;

  /**
   * The mode a config value names.
   *
   * @param configValue {@code journal} or {@code none} (case and surrounding blanks ignored)
   * @return the mode
   * @throws IllegalArgumentException if it names neither
   */
  public static SlotDurability parse(String configValue) {
    String value = configValue == null ? "" : configValue.trim().toLowerCase(Locale.ROOT);
    switch (value) {
      case "journal":
        return JOURNAL;
      case "none":
        return NONE;
      default:
        throw new IllegalArgumentException("shared-store.cluster.durability must be journal or "
            + "none, not [" + configValue + "]");
    }
  }
}
