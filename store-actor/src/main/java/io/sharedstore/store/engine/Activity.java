package io.sharedstore.store.engine;

import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.wire.Opcode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an engine did since it was made, as Redis's {@code INFO stats} counts it: calls per
 * operation, key reads that hit or missed, entries freed after their TTL, refusals per reason.
 * Plain {@code long} increments into arrays sized once, so counting allocates nothing; the maps
 * are built only when asked. Not thread-safe: owned by one engine. In memory only: a restart (or
 * a replay) starts from zero, as Redis's counters do.
 */
final class Activity implements EntryTable.Removals {

  private static final Opcode[] OPCODES = Opcode.values();
  private static final Refusal[] REFUSALS = Refusal.values();

  private final EntryTable.Removals next;
  private final long[] calls = new long[OPCODES.length];
  private final long[] refused = new long[REFUSALS.length];
  private long hits;
  private long misses;
  private long expired;

  /** Counts the removals before handing them on to {@code next}. */
  Activity(EntryTable.Removals next) {
    this.next = next;
  }

  /** One call of {@code operation}, not null. */
  void called(Operation<?> operation) {
    calls[Opcode.of(operation).ordinal()]++;
  }

  /** A read of a named key found it live (or not). */
  void looked(boolean hit) {
    if (hit) {
      hits++;
    } else {
      misses++;
    }
  }

  /** An operation was refused for {@code refusal}. */
  void refused(Refusal refusal) {
    refused[refusal.ordinal()]++;
  }

  @Override
  public void removed(Entry entry, Change.Cause cause) {
    if (cause != Change.Cause.DELETED) {
      expired++;
    }
    next.removed(entry, cause);
  }

  long hits() {
    return hits;
  }

  long misses() {
    return misses;
  }

  long expired() {
    return expired;
  }

  /** Calls per operation name, in the wire table's order, those called at least once. */
  Map<String, Long> calls() {
    Map<String, Long> byName = new LinkedHashMap<>();
    for (Opcode opcode : OPCODES) {
      if (calls[opcode.ordinal()] > 0) {
        byName.put(opcode.typeName(), calls[opcode.ordinal()]);
      }
    }
    return byName;
  }

  /** Refusals per refusal code, those that happened at least once. */
  Map<String, Long> refusals() {
    Map<String, Long> byCode = new LinkedHashMap<>();
    for (Refusal refusal : REFUSALS) {
      if (refused[refusal.ordinal()] > 0) {
        byCode.put(refusal.code(), refused[refusal.ordinal()]);
      }
    }
    return byCode;
  }
}
