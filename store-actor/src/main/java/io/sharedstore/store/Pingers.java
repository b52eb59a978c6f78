package io.sharedstore.store;

import io.sharedstore.store.protocol.Pong;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The clients present: those that pinged the store within the last {@code silenceNanos} (the
 * clients' heartbeat timeout) and did not say they leave. The store logs a client's arrival and
 * its departure, and tells those present when it stops. At most {@link #CAPACITY} are kept (the
 * least recently seen go first, unlogged), so a peer that pings from many addresses cannot grow
 * the store's memory. It also counts the clients present per ActorSystem address ({@link
 * #hasClientsAt}): several clients in one application's ActorSystem share its address, and so do
 * their watches. Used by {@link StoreHeartbeat} only.
 */
final class Pingers {

  static final int CAPACITY = 10_000;

  /** The most clients {@link #listed} names, so that an info answer stays well within a frame. */
  static final int LISTED = 1_000;

  /** When a client present was first and last seen, in the ticker's nanoseconds. */
  record Seen(ActorRef<Pong> client, long firstNanos, long lastNanos) {}

  private final long silenceNanos;

  /** How many of the clients present ping from each address. */
  private final Map<Address, Integer> perAddress = new HashMap<>();

  /** When each client present was first seen, in the ticker's nanoseconds. */
  private final Map<ActorRef<Pong>, Long> firstSeen = new HashMap<>();

  /** Least recently seen first. */
  private final Map<ActorRef<Pong>, Long> lastSeen =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ActorRef<Pong>, Long> eldest) {
          if (size() > CAPACITY) {
            uncount(eldest.getKey());
            return true;
          }
          return false;
        }
      };

  /** A client silent for longer than {@code silenceNanos} is no longer present. */
  Pingers(long silenceNanos) {
    if (silenceNanos <= 0) {
      throw new IllegalArgumentException("silenceNanos must be positive, was " + silenceNanos);
    }
    this.silenceNanos = silenceNanos;
  }

  /**
   * Records a ping from {@code client}; answers whether it is new: its first ping, or its first
   * since it left or fell silent.
   */
  boolean seen(ActorRef<Pong> client, long nowNanos) {
    if (lastSeen.containsKey(client)) {
      lastSeen.put(client, nowNanos);
      return false;
    }
    perAddress.merge(client.path().address(), 1, Integer::sum);
    firstSeen.put(client, nowNanos);
    lastSeen.put(client, nowNanos); // may evict the least recently seen, uncounted there
    return true;
  }

  /** Forgets {@code client}, which said it leaves; answers whether it was present. */
  boolean left(ActorRef<Pong> client) {
    if (lastSeen.remove(client) == null) {
      return false;
    }
    uncount(client);
    return true;
  }

  /** Whether a client present pings from {@code address} (the ActorSystem of a client). */
  boolean hasClientsAt(Address address) {
    return perAddress.containsKey(address);
  }

  private void uncount(ActorRef<Pong> client) {
    firstSeen.remove(client);
    perAddress.computeIfPresent(client.path().address(), (at, held) -> held == 1 ? null : held - 1);
  }

  /** Forgets the clients silent for longer than {@code silenceNanos}, the longest silent first. */
  List<ActorRef<Pong>> forgetSilent(long nowNanos) {
    List<ActorRef<Pong>> silent = new ArrayList<>();
    Iterator<Map.Entry<ActorRef<Pong>, Long>> oldestFirst =
        lastSeen.entrySet().iterator();
    while (oldestFirst.hasNext()) {
      Map.Entry<ActorRef<Pong>, Long> oldest = oldestFirst.next();
      if (nowNanos - oldest.getValue() <= silenceNanos) {
        break;
      }
      silent.add(oldest.getKey());
      oldestFirst.remove();
      uncount(oldest.getKey());
    }
    return silent;
  }

  /**
   * How long from {@code nowNanos} until the least recently seen client falls silent unless it
   * pings before; empty if none is present.
   */
  OptionalLong nanosUntilNextSilence(long nowNanos) {
    if (lastSeen.isEmpty()) {
      return OptionalLong.empty();
    }
    long oldest = lastSeen.values().iterator().next();
    return OptionalLong.of(Math.max(0, oldest + silenceNanos - nowNanos));
  }

  /** The clients present at {@code nowNanos} (the silent ones are forgotten first). */
  List<ActorRef<Pong>> present(long nowNanos) {
    forgetSilent(nowNanos);
    return new ArrayList<>(lastSeen.keySet());
  }

  /**
   * The clients present at {@code nowNanos}, the most recently seen first, at most {@code max};
   * forgets nothing (the silence check does, and logs it).
   */
  List<Seen> listed(long nowNanos, int max) {
    List<Seen> present = new ArrayList<>();
    for (Map.Entry<ActorRef<Pong>, Long> seen : lastSeen.entrySet()) {
      if (nowNanos - seen.getValue() <= silenceNanos) {
        present.add(new Seen(seen.getKey(), firstSeen.getOrDefault(seen.getKey(), seen.getValue()),
            seen.getValue()));
      }
    }
    List<Seen> newestFirst = new ArrayList<>(Math.min(max, present.size()));
    for (int i = present.size() - 1; i >= 0 && newestFirst.size() < max; i--) {
      newestFirst.add(present.get(i));
    }
    return newestFirst;
  }

  /** How many clients are present at {@code nowNanos} (the silent ones not yet forgotten aside). */
  int presentCount(long nowNanos) {
    int count = 0;
    for (long last : lastSeen.values()) {
      if (nowNanos - last <= silenceNanos) {
        count++;
      }
    }
    return count;
  }

  int size() {
    return lastSeen.size();
  }
}
