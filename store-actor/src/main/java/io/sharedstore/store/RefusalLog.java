package io.sharedstore.store;

import io.sharedstore.store.engine.Result;
import io.sharedstore.store.internal.KeyRules;
import io.sharedstore.store.internal.Refusal;
import java.util.EnumMap;
import java.util.Map;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * The store's WARN of a refused request, naming the client (its address and, when the reply goes
 * to a client's connection, its cluster id) and at most one per refusal kind per {@link
 * #WINDOW_MILLIS}: a misbehaving client cannot flood the log. The first WARN after a quiet
 * window says how many of that kind were suppressed.
 */
final class RefusalLog {

  /** At most one WARN per refusal kind this often. */
  static final long WINDOW_MILLIS = 10_000;

  /** How a client's connection actor is named: this, its cluster id, {@code -}, a number. */
  static final String CONNECTION_PREFIX = "shared-store-connection-";

  private final Logger log;
  private final StoreClock clock;
  private final Map<Refusal, Long> lastLogged = new EnumMap<>(Refusal.class);
  private final Map<Refusal, Integer> suppressed = new EnumMap<>(Refusal.class);

  RefusalLog(Logger log, StoreClock clock) {
    this.log = log;
    this.clock = clock;
  }

  void refused(Result.Refused refused, ActorRef<?> replyTo) {
    Refusal kind = refused.refusal();
    long now = clock.nowMillis();
    Long last = lastLogged.get(kind);
    if (last != null && now - last < WINDOW_MILLIS) {
      suppressed.merge(kind, 1, Integer::sum);
      return;
    }
    lastLogged.put(kind, now);
    Integer skipped = suppressed.remove(kind);
    log.warn("Refused [{}] of key {} from {}: {}{}", refused.operation(),
        KeyRules.show(refused.subject()), client(replyTo), refused.problem(),
        skipped == null ? "" : " (" + skipped + " more [" + kind + "] refusals suppressed)");
  }

  /** {@code [address] (cluster [id])}, from the path of where the answer goes. */
  static String client(ActorRef<?> replyTo) {
    if (replyTo == null) {
      return "[unknown]";
    }
    ActorPath path = replyTo.path();
    String shown = "[" + path.address() + "]";
    for (ActorPath p = path; p != null && !p.equals(p.root()); p = p.parent()) {
      String name = p.name();
      int lastDash = name.lastIndexOf('-');
      if (name.startsWith(CONNECTION_PREFIX) && lastDash > CONNECTION_PREFIX.length()) {
        return shown + " (cluster [" + name.substring(CONNECTION_PREFIX.length(), lastDash) + "])";
      }
    }
    return shown;
  }
}
