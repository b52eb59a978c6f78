package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.SetOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Global rate limiting: at most {@code rateLimit} calls per guild and wall-clock window across all
 * clusters. A step picks a random guild and counts the call in the window's counter {@code
 * rate:GUILD:WINDOW} (TTL: two windows) through its {@link ClaimStrategy}, which refuses to count
 * past the limit. Allowed calls are recorded per (guild, window) for the driver to find windows
 * over the limit.
 */
final class GlobalRateLimit implements UseCase {

  private record GuildWindow(String guild, long window) {}

  private final ClaimStrategy claims;
  private final WorkloadSettings settings;
  private final SetOptions counterTtl;
  private final AtomicLong limited = new AtomicLong();
  private final Map<GuildWindow, AtomicInteger> allowed = new ConcurrentHashMap<>();

  GlobalRateLimit(ClaimStrategy claims, WorkloadSettings settings) {
    this.claims = claims;
    this.settings = settings;
    this.counterTtl = SetOptions.ttl(settings.rateWindow().multipliedBy(2));
  }

  @Override
  public CompletionStage<?> step() {
    String guild = "guild" + ThreadLocalRandom.current().nextInt(settings.guilds());
    long window = System.currentTimeMillis() / settings.rateWindow().toMillis();
    String key = claims.key("rate:" + guild + ":" + window);
    return claims
        .countUpTo(key, settings.rateLimit(), counterTtl)
        .thenAccept(counted -> callUnlessLimited(counted, new GuildWindow(guild, window)));
  }

  private void callUnlessLimited(boolean counted, GuildWindow window) {
    if (!counted) {
      limited.incrementAndGet();
      return;
    }
    allowed.computeIfAbsent(window, w -> new AtomicInteger()).incrementAndGet();
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
