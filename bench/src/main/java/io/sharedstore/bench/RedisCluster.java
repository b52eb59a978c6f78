package io.sharedstore.bench;

import io.sharedstore.testsupport.StartedProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of {@code masters} masters without replicas, for {@code bench --cluster}: each
 * a {@link RedisServer} with {@code --cluster-enabled yes}, its {@code nodes.conf} in a
 * temporary directory of its own, no persistence; joined by {@code redis-cli --cluster create
 * ... --cluster-replicas 0 --cluster-yes}; ready when every master reports {@code
 * cluster_state:ok}. {@link #close()} stops the servers and deletes the directories.
 */
final class RedisCluster implements AutoCloseable {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final List<RedisServer> servers = new ArrayList<>();
  private final List<Path> directories = new ArrayList<>();

  private RedisCluster() {}

  /** Starts the masters, creates the cluster and waits for {@code cluster_state:ok}. */
  static RedisCluster start(int masters, StartedProcesses started) throws InterruptedException {
    RedisCluster cluster = new RedisCluster();
    try {
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      for (int i = 0; i < masters; i++) {
        Path dir = Files.createTempDirectory("shared-store-bench-redis-cluster-");
        cluster.directories.add(dir);
        RedisServer server = started.add(RedisServer.start(List.of("--appendonly", "no",
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--dir", dir.toString())));
        cluster.servers.add(server);
        create.add("127.0.0.1:" + server.port());
      }
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      run(create);
      long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
      for (RedisServer server : cluster.servers) {
        while (!run(List.of("redis-cli", "-h", "127.0.0.1", "-p",
            Integer.toString(server.port()), "cluster", "info")).contains("cluster_state:ok")) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Redis Cluster master on port " + server.port()
                + " did not report cluster_state:ok within " + READY_TIMEOUT.toSeconds() + " s");
          }
          Thread.sleep(100);
        }
      }
      return cluster;
    } catch (IOException e) {
      cluster.close();
      throw new UncheckedIOException("cannot make Redis Cluster's directories", e);
    } catch (InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The port of the first master (redis-benchmark {@code --cluster} learns the rest). */
  int firstPort() {
    return servers.get(0).port();
  }

  /** The masters' pids. */
  List<Long> pids() {
    return servers.stream().map(RedisServer::pid).toList();
  }

  /** The masters' ports, for the report. */
  List<Integer> ports() {
    return servers.stream().map(RedisServer::port).toList();
  }

  @Override
  public void close() {
    servers.forEach(RedisServer::close);
    for (Path dir : directories) {
      try {
        try (var files = Files.walk(dir)) {
          for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      } catch (IOException e) {
        System.err.println("could not delete " + dir + ": " + e);
      }
    }
  }

  /** Runs a redis-cli command; answers its output, or throws with it if it failed. */
  private static String run(List<String> command) throws InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + command.get(0) + "'s output", e);
    } finally {
      process.destroyForcibly();
    }
  }
}
