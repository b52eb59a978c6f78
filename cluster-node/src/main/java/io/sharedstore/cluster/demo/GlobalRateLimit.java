package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.SetOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Global rate limiting: at most {@code rateLimit} calls per guild and wall-clock window across all
 * clusters. A step picks a random guild, reads the window's counter {@code rate:GUILD:WINDOW}, and
 * if it is below the limit makes the call and writes the counter plus one (TTL: two windows).
 * Racy by design: concurrent read-then-write loses increments, so allowed calls are recorded per
 * (guild, window) for the driver to find windows over the limit.
 */
final class GlobalRateLimit implements UseCase {

  private record GuildWindow(String guild, long window) {}

  private final TimedStore store;
  private final WorkloadSettings settings;
  private final SetOptions counterTtl;
  private final AtomicLong limited = new AtomicLong();
  private final Map<GuildWindow, AtomicInteger> allowed = new ConcurrentHashMap<>();

  GlobalRateLimit(TimedStore store, WorkloadSettings settings) {
    this.store = store;
    this.settings = settings;
    this.counterTtl = SetOptions.ttl(settings.rateWindow().multipliedBy(2));
  }

  @Override
  public CompletionStage<?> step() {
    String guild = "guild" + ThreadLocalRandom.current().nextInt(settings.guilds());
    long window = System.currentTimeMillis() / settings.rateWindow().toMillis();
    String key = "rate:" + guild + ":" + window;
    return store
        .get(key, Integer.class)
        .thenCompose(count -> callUnlessLimited(count.orElse(0), guild, window, key));
  }

  private CompletionStage<?> callUnlessLimited(int count, String guild, long window, String key) {
    if (count >= settings.rateLimit()) {
      limited.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    }
    allowed.computeIfAbsent(new GuildWindow(guild, window), w -> new AtomicInteger()).incrementAndGet();
    return store.set(key, count + 1, counterTtl);
  }

  /** How many calls were refused by the limit. */
  long limited() {
    return limited.get();
  }

  /** The calls this cluster allowed, per guild and window. */
  List<WindowCount> allowedPerWindow() {
    return allowed.entrySet().stream()
        .map(e -> new WindowCount(e.getKey().guild(), e.getKey().window(), e.getValue().get()))
        .toList();
  }
}
