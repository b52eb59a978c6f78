package io.sharedstore.cluster.demo;

import java.util.concurrent.CompletionStage;

/**
 * One use case of the demo workload. A lane calls {@link #step()} again and again, each time
 * after the previous step's stage completed; several lanes may call it concurrently.
 */
interface UseCase {

  /** Starts one step (a few store operations) and answers a stage that completes with it. */
  CompletionStage<?> step();
}
