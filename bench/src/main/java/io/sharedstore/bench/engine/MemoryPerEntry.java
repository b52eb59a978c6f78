package io.sharedstore.bench.engine;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.util.OptionalLong;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Heap bytes per stored entry: 1,000,000 keys "key:0000000".."key:0999999" with 100-byte values,
 * in the store's engine ({@link StoreEngine}, its entry table) without and with a TTL, and in a plain {@code HashMap<String,
 * byte[]>} for reference. Each figure is the heap in use after a full GC with the data set
 * minus the same before it, divided by the entry count. If {@code redis-server} and {@code
 * redis-cli} are on the PATH, it starts a Redis on a free loopback port (no persistence), loads
 * the same data set (with {@code SET key value}, or {@code SET key value PX 3600000} for the TTL
 * case, through {@code redis-cli --pipe}), takes the difference of {@code used_memory} from {@code
 * INFO memory}, and prints the ratio ours/Redis. The target is at most 1.5.
 *
 * <p>Run: {@code mvn -B -q -pl bench -am -DskipTests package && java -Xms2g -Xmx2g -cp
 * bench/target/benchmarks.jar io.sharedstore.bench.engine.MemoryPerEntry [entries] [valueSize]}
 */
public final class MemoryPerEntry {

  private static final long TTL_MILLIS = TimeUnit.HOURS.toMillis(1);

  private MemoryPerEntry() {}

  /** A data set's bytes per entry in each system. */
  private record Row(String dataSet, double ours, String oursWhat, double hashMap, double redis) {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int valueSize = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    System.out.printf(
        "%,d entries, keys \"key:%%07d\" (11 bytes), %d-byte values; %s %s, %s, max heap %d MiB,"
            + " load average %s%n",
        entries, valueSize, System.getProperty("java.vm.name"), System.getProperty("java.version"),
        gcNames(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());

    double plain = heapPerEntry("HashMap<String, byte[]>", entries, i -> {
      Map<String, byte[]> map = new HashMap<>();
      for (int k = 0; k < i; k++) {
        map.put(key(k), value(valueSize, k));
      }
      return map;
    });
    double table = heapPerEntry("EntryTable, no TTL", entries, i -> fill(i, valueSize, false));
    double tableTtl = heapPerEntry("EntryTable, TTL", entries, i -> fill(i, valueSize, true));

    double[] redis = redisPerEntry(entries, valueSize);

    List<Row> rows = new ArrayList<>();
    rows.add(new Row("no TTL", table, "EntryTable", plain, redis == null ? Double.NaN : redis[0]));
    rows.add(new Row("TTL", tableTtl, "EntryTable", plain, redis == null ? Double.NaN : redis[1]));
    System.out.println();
    System.out.println("| data set | ours (EntryTable) | HashMap<String, byte[]> | Redis used_memory"
        + " | ours / Redis |");
    System.out.println("|---|---|---|---|---|");
    for (Row row : rows) {
      System.out.printf("| %s | %.1f B | %.1f B | %s | %s |%n", row.dataSet(), row.ours(),
          row.hashMap(),
          Double.isNaN(row.redis()) ? "n/a" : String.format("%.1f B", row.redis()),
          Double.isNaN(row.redis()) ? "n/a" : String.format("%.2f", row.ours() / row.redis()));
    }
    System.out.printf("load average after: %s%n", loadAverage());
  }

  static String key(int i) {
    return String.format("key:%07d", i);
  }

  /** A distinct value per entry, as each stored message carries its own array. */
  private static byte[] value(int size, int i) {
    byte[] value = new byte[size];
    Arrays.fill(value, (byte) ('a' + i % 26));
    return value;
  }

  private static StoreEngine fill(int entries, int valueSize, boolean ttl) {
    StoreEngine engine = new StoreEngine(new StoreSettings(java.time.Duration.ofSeconds(30), 1000,
        1000, 1024, 1024 * 1024, java.time.Duration.ofSeconds(60), 1000));
    long now = System.currentTimeMillis();
    for (int i = 0; i < entries; i++) {
      // Distinct deadlines, as entries set at different times have.
      engine.apply(new Operation.Set(key(i), Bytes.wrap(value(valueSize, i)),
          ttl ? OptionalLong.of(TTL_MILLIS + i) : OptionalLong.empty()), now);
    }
    Reply.Stats stats = engine.apply(new Operation.GetStats(), now).reply();
    if (stats.storedEntries() != entries || stats.entriesWithTtl() != (ttl ? entries : 0)) {
      throw new IllegalStateException("fill went wrong");
    }
    return engine;
  }

  /** Heap after GC with the structure built by {@code fill}, minus before, per entry. */
  private static double heapPerEntry(String name, int entries, IntFunction<Object> fill)
      throws InterruptedException {
    long before = usedAfterGc();
    Object data = fill.apply(entries);
    long after = usedAfterGc();
    Reference.reachabilityFence(data);
    data = null;
    double perEntry = (double) (after - before) / entries;
    System.out.printf("%-24s heap after GC %,d -> %,d bytes: %.1f bytes per entry (load %s)%n",
        name, before, after, perEntry, loadAverage());
    return perEntry;
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  // --- Redis ---

  /** Redis's used_memory per entry {without TTL, with TTL}, or null if Redis is not installed. */
  private static double[] redisPerEntry(int entries, int valueSize) throws Exception {
    if (!onPath("redis-server") || !onPath("redis-cli")) {
      System.out.println("Redis: skipped, redis-server or redis-cli is not on the PATH"
          + " (apt-get install redis-server)");
      return null;
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path dir = Files.createTempDirectory("memory-per-entry-redis");
    Process server =
        new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    try {
      waitForPing(port, server);
      System.out.println("Redis: " + cli(port, "INFO", "server").lines()
          .filter(l -> l.startsWith("redis_version:")).findFirst().orElse("?").trim()
          + ", port " + port);
      double plain = redisFill(port, entries, valueSize, false);
      double ttl = redisFill(port, entries, valueSize, true);
      return new double[] {plain, ttl};
    } finally {
      try {
        cli(port, "SHUTDOWN", "NOSAVE");
      } catch (IOException | RuntimeException e) {
        // The server may already be gone; destroy() below makes sure.
      }
      if (!server.waitFor(5, TimeUnit.SECONDS)) {
        server.destroy();
        server.waitFor(5, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(dir.resolve("redis.log"));
      Files.deleteIfExists(dir);
    }
  }

  private static double redisFill(int port, int entries, int valueSize, boolean ttl)
      throws Exception {
    expectReply(cli(port, "FLUSHALL", "SYNC"), "OK");
    Thread.sleep(500);
    long before = usedMemory(port);
    Process pipe =
        new ProcessBuilder("redis-cli", "-p", String.valueOf(port), "--pipe")
            .redirectErrorStream(true)
            .start();
    try (OutputStream out = new BufferedOutputStream(pipe.getOutputStream(), 1 << 16)) {
      for (int i = 0; i < entries; i++) {
        byte[] key = key(i).getBytes(StandardCharsets.US_ASCII);
        byte[] value = value(valueSize, i);
        if (ttl) {
          writeCommand(out, "SET".getBytes(StandardCharsets.US_ASCII), key, value,
              "PX".getBytes(StandardCharsets.US_ASCII),
              String.valueOf(TTL_MILLIS).getBytes(StandardCharsets.US_ASCII));
        } else {
          writeCommand(out, "SET".getBytes(StandardCharsets.US_ASCII), key, value);
        }
      }
    }
    String pipeOutput = new String(pipe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (pipe.waitFor() != 0 || !pipeOutput.contains("errors: 0, replies: " + entries)) {
      throw new IllegalStateException("redis-cli --pipe: " + pipeOutput);
    }
    // Let an incremental rehash of the key table finish before measuring.
    Thread.sleep(1000);
    long after = usedMemory(port);
    expectReply(cli(port, "DBSIZE"), String.valueOf(entries));
    expectReply(cli(port, "STRLEN", key(entries - 1)), String.valueOf(valueSize));
    String pttl = cli(port, "PTTL", key(0)).trim();
    if (ttl != (Long.parseLong(pttl) > 0)) {
      throw new IllegalStateException("unexpected PTTL " + pttl);
    }
    String encoding = cli(port, "OBJECT", "ENCODING", key(0)).trim();
    double perEntry = (double) (after - before) / entries;
    System.out.printf("Redis, %-17s used_memory %,d -> %,d bytes: %.1f bytes per entry"
            + " (value encoding %s, load %s)%n",
        ttl ? "TTL" : "no TTL", before, after, perEntry, encoding, loadAverage());
    return perEntry;
  }

  private static void writeCommand(OutputStream out, byte[]... parts) throws IOException {
    out.write(('*' + String.valueOf(parts.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] part : parts) {
      out.write(('$' + String.valueOf(part.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(part);
      out.write('\r');
      out.write('\n');
    }
  }

  private static long usedMemory(int port) throws Exception {
    return cli(port, "INFO", "memory").lines()
        .filter(l -> l.startsWith("used_memory:"))
        .map(l -> Long.parseLong(l.substring("used_memory:".length()).trim()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no used_memory in INFO memory"));
  }

  private static void waitForPing(int port, Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + server.exitValue());
      }
      try {
        if (cli(port, "PING").trim().equals("PONG")) {
          return;
        }
      } catch (IllegalStateException e) {
        // Not listening yet.
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("redis-server did not answer PING within 10 s");
  }

  /** Runs one redis-cli command and returns its output; fails on a non-zero exit. */
  private static String cli(int port, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("redis-cli " + String.join(" ", command) + ": " + output);
    }
    return output;
  }

  private static void expectReply(String output, String expected) {
    if (!output.trim().equals(expected)) {
      throw new IllegalStateException("expected " + expected + " from Redis, got " + output);
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return load < 0 ? "n/a" : String.format("%.2f", load);
    }
  }

  private static String gcNames() {
    List<String> names = new ArrayList<>();
    ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> names.add(gc.getName()));
    return String.join("/", names);
  }
}
