package io.sharedstore.store.persistence;

import java.util.List;

/**
 * A log read back: its whole records, in order, and what follows them.
 *
 * @param records the payloads of the whole records (copied list)
 * @param end what follows the last of them
 */
public record Recovery(List<byte[]> records, LogEnd end) {
  /**
   * Copies the list.
   *
   * @param records the payloads of the whole records
   * @param end what follows the last of them
   */
  public Recovery {
    records = List.copyOf(records);
  }
}
