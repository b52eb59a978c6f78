package io.sharedstore.cli;

import com.typesafe.config.Config;
import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The CLI's connection to the manager: a {@link ClusterClient} (cluster id {@value #CLUSTER_ID})
 * that the manager has answered, the timeout each call gets, and a blocking wait for a call's
 * result. Made once per invocation; {@link #close()} stops the client's ActorSystem.
 */
final class Session implements AutoCloseable {

  /** The cluster id the CLI connects as; it only names its ActorSystem. */
  static final int CLUSTER_ID = 0;

  private final ClusterClient client;
  private final Duration timeout;
  private final Output output;

  private Session(ClusterClient client, Duration timeout, Output output) {
    this.client = client;
    this.timeout = timeout;
    this.output = output;
  }

  /**
   * Connects to {@code manager} with {@code config} and waits for its first answer, for at most
   * {@code shared-store.client.connect-timeout}.
   *
   * @throws IllegalArgumentException if {@code manager} is not {@code host:port}
   * @throws io.sharedstore.cluster.StoreUnavailableException if the manager did not answer in
   *     time; the message names the address and the last transport error
   */
  static Session open(String manager, Duration timeout, Config config, Output output) {
    ClusterClient client = ClusterClient.connect(CLUSTER_ID, manager, config);
    try {
      client.awaitReachable(config.getDuration("shared-store.client.connect-timeout"));
      return new Session(client, timeout, output);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** The store's operations. */
  StoreClient store() {
    return client.store();
  }

  /**
   * The store cluster as a node sees it ({@code NOT_A_CLUSTER} from a single manager), within
   * {@link #timeout()}.
   */
  CompletionStage<io.sharedstore.store.protocol.ClusterInfo> clusterInfo() {
    return client.clusterInfo(timeout);
  }

  /** The timeout of each call, from {@code --timeout} or {@code shared-store.client.timeout}. */
  Duration timeout() {
    return timeout;
  }

  /** Where results go. */
  Output output() {
    return output;
  }

  /**
   * Waits for a call's result; every call completes within its timeout.
   *
   * @throws StoreException the call's failure
   */
  <T> T await(CompletionStage<T> call) {
    try {
      return call.toCompletableFuture().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StoreException failure) {
        throw failure;
      }
      throw new StoreException("cli", "", "the call failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("cli", "", "interrupted while waiting for the manager", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
