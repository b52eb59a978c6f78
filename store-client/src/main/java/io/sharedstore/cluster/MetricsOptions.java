package io.sharedstore.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link ClusterClient} publishes its Micrometer meters: {@link #global()} (the default:
 * {@link Metrics#globalRegistry}), a {@link #registry given registry}, or {@link #off()}.
 *
 * <p>The meters, in Micrometer's names (Prometheus's in brackets):
 *
 * <ul>
 *   <li>{@code shared.store.client.calls} ({@code shared_store_client_calls_seconds}), a timer
 *       per {@code operation} (the store's name of it: {@code get}, {@code set}, {@code ttl}...)
 *       and {@code result} ({@code ok}, {@code refused}, {@code timeout}, {@code unavailable},
 *       {@code error}): each call as its caller sees it, from the call to the completion of its
 *       stage. A call that fails before it is sent (refused by the client's own checks, or the
 *       manager unreachable) counts too, with its short time.
 *   <li>{@code shared.store.client.unreachable} ({@code shared_store_client_unreachable}), a
 *       gauge: 1 while the manager is unreachable (calls fail at once), else 0 (also while a new
 *       client waits for the manager's first answer, at most {@code connect-timeout}).
 *   <li>per near cache, tagged {@code cache} with its glob, the cache conventions: {@code
 *       cache.gets} with {@code result} {@code hit} or {@code miss} ({@code cache_gets_total}),
 *       {@code cache.puts} (values read from the manager and kept), {@code cache.evictions}
 *       (keys dropped for the size bound) and {@code cache.size} (keys held).
 * </ul>
 *
 * <p>No tag names the client unless {@link #withTag} adds one (e.g. {@code cluster_id}): the
 * tags given are added to every meter of the client. Clients sharing a registry with the same
 * tags share their meters: the call timers count the calls of all of them, the gauge is 1 while
 * any of them finds its manager unreachable, near caches of one glob add up; the meters stay
 * until the last of them closes. The call timers publish a histogram of 15 fixed buckets (100 µs
 * to 5 s), so Prometheus's {@code histogram_quantile} gives their p99; no client-side
 * percentiles (they cannot be added up over clients). Closing the client (or a near cache)
 * removes its meters from the registry.
 */
public final class MetricsOptions {

  private static final MetricsOptions GLOBAL = new MetricsOptions(null, Tags.empty(), true);
  private static final MetricsOptions OFF = new MetricsOptions(null, Tags.empty(), false);

  private final MeterRegistry registry;
  private final Tags tags;
  private final boolean on;

  private MetricsOptions(MeterRegistry registry, Tags tags, boolean on) {
    this.registry = registry;
    this.tags = tags;
    this.on = on;
  }

  /**
   * The meters in {@link Metrics#globalRegistry}, looked up when the client is made; what the
   * factories without options use.
   *
   * @return the options
   */
  public static MetricsOptions global() {
    return GLOBAL;
  }

  /**
   * The meters in {@code registry}.
   *
   * @param registry where the client registers its meters, e.g. a {@code
   *     PrometheusMeterRegistry}
   * @return the options
   * @throws NullPointerException if {@code registry} is null
   */
  public static MetricsOptions registry(MeterRegistry registry) {
    return new MetricsOptions(Objects.requireNonNull(registry, "registry"), Tags.empty(), true);
  }

  /**
   * No meters at all, and no clock reads for them.
   *
   * @return the options
   */
  public static MetricsOptions off() {
    return OFF;
  }

  /**
   * These options with one more tag on every meter of the client, e.g. {@code
   * withTag("cluster_id", "3")}; a tag of the same key given before is replaced.
   *
   * @param key the tag's key, not empty
   * @param value the tag's value
   * @return new options
   * @throws NullPointerException if {@code key} or {@code value} is null
   * @throws IllegalArgumentException if {@code key} is empty or is one the client's meters use
   *     ({@code operation}, {@code result}, {@code cache}), or these options are {@link #off()}
   */
  public MetricsOptions withTag(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a tag's key must not be empty");
    }
    if (key.equals("operation") || key.equals("result") || key.equals("cache")) {
      throw new IllegalArgumentException(
          "tag [" + key + "] is one the client's meters set themselves");
    }
    if (!on) {
      throw new IllegalArgumentException("MetricsOptions.off() has no meters to tag");
    }
    return new MetricsOptions(registry, tags.and(key, value), true);
  }

  /** The registry to use, empty when off; the global registry's is looked up now. */
  Optional<MeterRegistry> registry() {
    if (!on) {
      return Optional.empty();
    }
    return Optional.of(registry == null ? Metrics.globalRegistry : registry);
  }

  /** The tags added to every meter. */
  Tags tags() {
    return tags;
  }

  /** For logs: {@code MetricsOptions[global, tags=[]]}, {@code MetricsOptions[off]}. */
  @Override
  public String toString() {
    if (!on) {
      return "MetricsOptions[off]";
    }
    return "MetricsOptions[" + (registry == null ? "global" : registry.getClass().getSimpleName())
        + ", tags=" + tags.stream().map(t -> t.getKey() + "=" + t.getValue()).toList() + "]";
  }
}
