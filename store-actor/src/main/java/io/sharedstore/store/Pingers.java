package io.sharedstore.store;

import io.sharedstore.store.protocol.Pong;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The clients that pinged the store lately, so that it can tell them when it stops. A client
 * that has not pinged for {@link #IDLE_NANOS} is forgotten, and at most {@link #CAPACITY} are
 * kept (the least recently seen go first), so a peer that pings from many addresses cannot grow
 * the store's memory. Used by {@link StoreHeartbeat} only.
 */
final class Pingers {

  /** Clients ping every few hundred milliseconds: one silent this long is gone. */
  static final long IDLE_NANOS = 60_000_000_000L;

  static final int CAPACITY = 10_000;

  /** Least recently seen first. */
  private final Map<ActorRef<Pong>, Long> lastSeen =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ActorRef<Pong>, Long> eldest) {
          return size() > CAPACITY;
        }
      };

  void seen(ActorRef<Pong> client, long nowNanos) {
    lastSeen.put(client, nowNanos);
    forgetIdle(nowNanos);
  }

  /** The clients seen within {@link #IDLE_NANOS} of {@code nowNanos}. */
  List<ActorRef<Pong>> recent(long nowNanos) {
    forgetIdle(nowNanos);
    return new ArrayList<>(lastSeen.keySet());
  }

  int size() {
    return lastSeen.size();
  }

  private void forgetIdle(long nowNanos) {
    Iterator<Long> oldestFirst = lastSeen.values().iterator();
    while (oldestFirst.hasNext() && nowNanos - oldestFirst.next() > IDLE_NANOS) {
      oldestFirst.remove();
    }
  }
}
