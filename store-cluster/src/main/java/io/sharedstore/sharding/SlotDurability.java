package io.sharedstore.sharding;
/** TEMP stub (lead), replaced by the slot-entity branch. */
public enum SlotDurability { JOURNAL, NONE;
  public static SlotDurability parse(String v) { return switch (v) { case "journal" -> JOURNAL; case "none" -> NONE; default -> throw new IllegalArgumentException("durability must be journal or none, was [" + v + "]"); }; }
}
