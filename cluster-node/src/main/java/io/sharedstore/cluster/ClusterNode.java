package io.sharedstore.cluster;

import com.typesafe.config.Config;
import io.sharedstore.cluster.demo.NodeReport;
import io.sharedstore.cluster.demo.ResultLine;
import io.sharedstore.cluster.demo.Workload;
import io.sharedstore.cluster.demo.WorkloadSettings;
import io.sharedstore.store.LibraryConfig;
import org.slf4j.LoggerFactory;

/**
 * One cluster node of the demo: connects to the manager, runs the demo {@link Workload} for the
 * given seconds, prints one {@code RESULT {json}} line (see {@link ResultLine}), closes its client
 * and exits 0. Flags ({@link ClusterNodeOptions#USAGE}) override {@code application.conf}.
 * Exit status 2 means bad flags, 1 that the node could not run to the end.
 */
public final class ClusterNode {

  private ClusterNode() {}

  public static void main(String[] args) {
    Config config = LibraryConfig.load();
    ClusterNodeOptions options;
    try {
      options = ClusterNodeOptions.parse(args, config);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(options, config));
  }

  private static int run(ClusterNodeOptions options, Config config) {
    LoggerFactory.getILoggerFactory(); // before Pekko logs from several threads at once
    try (ClusterClient client =
        ClusterClient.connect(options.clusterId(), options.managerAddress(), config)) {
      NodeReport report =
          Workload.run(client, WorkloadSettings.defaults(), options.duration(), options.racy());
      System.out.println(ResultLine.format(report));
      System.out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("ERROR cluster " + options.clusterId() + " interrupted");
      return 1;
    } catch (RuntimeException e) {
      System.err.println("ERROR cluster " + options.clusterId() + " failed: " + e);
      e.printStackTrace();
      return 1;
    }
    return 0;
  }
}
