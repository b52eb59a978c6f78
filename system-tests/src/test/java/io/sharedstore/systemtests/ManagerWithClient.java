package io.sharedstore.systemtests;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.ManagerProcess;
import java.util.concurrent.TimeoutException;

/**
 * A manager JVM on a free port and one client of it in the test JVM: the fixture most
 * multi-process tests start in {@code @BeforeAll} and close in {@code @AfterAll}.
 */
final class ManagerWithClient implements AutoCloseable {

  private final ManagerProcess manager;
  private final ClusterClient cluster;

  private ManagerWithClient(ManagerProcess manager, ClusterClient cluster) {
    this.manager = manager;
    this.cluster = cluster;
  }

  static ManagerWithClient start(int clusterId) throws TimeoutException, InterruptedException {
    ManagerProcess manager = Managers.start(0);
    try {
      return new ManagerWithClient(manager, ClusterClient.connect(clusterId, manager.address()));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  ManagerProcess manager() {
    return manager;
  }

  StoreClient store() {
    return cluster.store();
  }

  /** Closes the client, then stops the manager, even if closing the client fails. */
  @Override
  public void close() {
    try (ManagerProcess m = manager) {
      cluster.close();
    }
  }
}
