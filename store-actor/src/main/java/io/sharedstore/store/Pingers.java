package io.sharedstore.store;

import io.sharedstore.store.protocol.Pong;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The clients present: those that pinged the store within the last {@code silenceNanos} (the
 * clients' heartbeat timeout) and did not say they leave. The store logs a client's arrival and
 * its departure, and tells those present when it stops. At most {@link #CAPACITY} are kept (the
 * least recently seen go first, unlogged), so a peer that pings from many addresses cannot grow
 * the store's memory. Used by {@link StoreHeartbeat} only.
 */
final class Pingers {

  static final int CAPACITY = 10_000;

  private final long silenceNanos;

  /** Least recently seen first. */
  private final Map<ActorRef<Pong>, Long> lastSeen =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ActorRef<Pong>, Long> eldest) {
          return size() > CAPACITY;
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
    return lastSeen.put(client, nowNanos) == null;
  }

  /** Forgets {@code client}, which said it leaves; answers whether it was present. */
  boolean left(ActorRef<Pong> client) {
    return lastSeen.remove(client) != null;
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

  int size() {
    return lastSeen.size();
  }
}
