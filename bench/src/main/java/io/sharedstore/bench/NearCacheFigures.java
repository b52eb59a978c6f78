package io.sharedstore.bench;

/**
 * What the load clients' near caches ({@code bin/shared-store bench --near-cache GLOB}) did in
 * the measured seconds, summed over the clients: from the difference of each cache's {@code
 * NearCache.Stats} at the start and the end of the measurement ({@code size}: at the end).
 *
 * @param glob the keys read through the near cache
 */
record NearCacheFigures(String glob, long hits, long misses, long invalidations, long resets,
    long size, double seconds) {

  /** Hits / (hits + misses): the share of the near cache's gets answered in the JVM. */
  double hitRatio() {
    long gets = hits + misses;
    return gets == 0 ? 0 : (double) hits / gets;
  }

  /** Gets answered from the local copy per second, over all clients. */
  double localReadsPerSecond() {
    return hits / seconds;
  }

  /** This and another client's figures together. */
  NearCacheFigures plus(NearCacheFigures other) {
    return new NearCacheFigures(glob, hits + other.hits, misses + other.misses,
        invalidations + other.invalidations, resets + other.resets, size + other.size, seconds);
  }
}
