package io.sharedstore.cluster;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A bounded local copy of the keys matching a glob, kept current by a {@link Watch}: from {@link
 * StoreClient#nearCache}. {@link #get} answers at once from the copy when it holds the key
 * (including "known absent"), else reads once from the manager and keeps the answer.
 *
 * <p>Guarantees: it never serves a value older than a change the manager acknowledged to anyone
 * before the cache's last delivered revision: a read that raced with a change of its key is
 * answered but not kept. Read-your-writes: once a write through the same {@link ClusterClient}
 * is acknowledged, this cache answers the new value. After a {@link StoreEvent.Reset} of any
 * reason, and while the manager is unreachable, it drops everything and serves nothing it
 * cannot confirm: calls go to the manager and fail fast like any call. Bounded by {@code
 * shared-store.near-cache.max-entries} (least recently and frequently used go first).
 *
 * <p>How it stays current: a change of a held key (an event of the watch, or a write through
 * the same client) drops the key, and the next {@link #get} reads it again; keys nobody asked
 * for are never added. Until the manager has confirmed the cache's watch (just after it is made,
 * and again after an outage) every get reads from the manager and nothing is kept. A key with a
 * TTL is served until its {@link StoreEvent.Expired} event arrives, which the manager sends at
 * the key's deadline (or when an operation or the sweep frees it first).
 *
 * <p>Values are shared, not copied: every hit of a key returns the same object (and the same
 * completed stage, which cannot be completed or obtruded by a caller), so treat them as
 * immutable. The cache is safe to use from any thread.
 *
 * @param <T> the type values are read as
 */
public interface NearCache<T> extends AutoCloseable {

  /**
   * The value of {@code key}: from the local copy when held, at once on the caller's thread;
   * else read from the manager as {@link StoreClient#get(String, Class)} would (and kept if no
   * change of the key arrived meanwhile).
   *
   * @param key a key matching this cache's glob
   * @return a stage with the value, or empty if the key is absent
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} is invalid or does not match the glob
   * @throws IllegalStateException if the cache or its client is closed
   */
  CompletionStage<Optional<T>> get(String key);

  /**
   * The glob this cache holds.
   *
   * @return the glob
   */
  String glob();

  /**
   * What the cache has done since it was made.
   *
   * @return a snapshot of its counters
   */
  Stats stats();

  /** Stops the cache's watch and drops its copy; later {@link #get}s throw. */
  @Override
  void close();

  /**
   * A near cache's counters.
   *
   * @param hits gets answered from the local copy
   * @param misses gets that went to the manager
   * @param invalidations keys dropped or replaced because a change of them arrived (or a write
   *     through this client was acknowledged)
   * @param resets times the whole copy was dropped (a watch reset, the manager unreachable)
   * @param size keys held now (values and known absences)
   */
  record Stats(long hits, long misses, long invalidations, long resets, long size) {

    /**
     * The share of gets answered locally.
     *
     * @return hits / (hits + misses), 0 when there were none
     */
    public double hitRatio() {
      long gets = hits + misses;
      return gets == 0 ? 0 : (double) hits / gets;
    }
  }
}
