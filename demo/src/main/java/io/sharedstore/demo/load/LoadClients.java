package io.sharedstore.demo.load;

import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.JvmProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@link MixedLoad} client JVMs of one run (cluster ids 1..K): starts them, starts their load
 * together once each has reached the manager, follows their progress lines and collects their
 * results and journals. {@link #close()} stops every one still running.
 */
public final class LoadClients implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("^" + MixedLoad.READY + "\\b");

  private final List<JvmProcess> jvms;
  private final KeySpace keys;
  private final Optional<Path> journalDir;
  private final AtomicLongArray ops;
  private final AtomicLongArray errors;

  private LoadClients(List<JvmProcess> jvms, KeySpace keys, Optional<Path> journalDir,
      AtomicLongArray ops, AtomicLongArray errors) {
    this.jvms = jvms;
    this.keys = keys;
    this.journalDir = journalDir;
    this.ops = ops;
    this.errors = errors;
  }

  /**
   * Starts {@code clients} load JVMs of {@code threads} threads each against {@code manager}.
   *
   * @param journalDir where each client writes {@code journal-N.tsv}; empty for no journals
   * @param echo receives each client's name and output lines
   */
  public static LoadClients start(List<String> classpath, List<String> jvmOptions, String manager,
      int clients, int threads, Optional<Path> journalDir, BiConsumer<String, String> echo) {
    AtomicLongArray ops = new AtomicLongArray(clients + 1);
    AtomicLongArray errors = new AtomicLongArray(clients + 1);
    List<JvmProcess> jvms = new ArrayList<>();
    try {
      for (int id = 1; id <= clients; id++) {
        String name = "load-" + id;
        List<String> args = new ArrayList<>(List.of("--manager", manager,
            "--cluster", Integer.toString(id), "--clusters", Integer.toString(clients),
            "--threads", Integer.toString(threads)));
        journalDir.ifPresent(dir -> args.addAll(List.of("--journal", journal(dir, name))));
        jvms.add(JvmProcess.start(name, classpath, jvmOptions, MixedLoad.class.getName(), args,
            line -> {
              Matcher m = MixedLoad.PROGRESS.matcher(line);
              if (m.matches()) {
                int cluster = Integer.parseInt(m.group(1));
                ops.set(cluster, Long.parseLong(m.group(2)));
                errors.set(cluster, Long.parseLong(m.group(3)));
              }
              echo.accept(name, line);
            }));
      }
    } catch (RuntimeException e) {
      jvms.forEach(JvmProcess::close);
      throw e;
    }
    return new LoadClients(List.copyOf(jvms), KeySpace.standard(clients, threads), journalDir,
        ops, errors);
  }

  private static String journal(Path dir, String name) {
    return dir.resolve("journal-" + name + ".tsv").toString();
  }

  /** The keys the clients use. */
  public KeySpace keys() {
    return keys;
  }

  public List<JvmProcess> jvms() {
    return jvms;
  }

  /** Waits until every client has reached the manager. */
  public void awaitReady(Duration within) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    for (JvmProcess jvm : jvms) {
      jvm.awaitLine(READY, left(deadline));
    }
  }

  /** Starts the load of every client now, for {@code run}; answers its end (epoch ms). */
  public long go(StoreClient store, Duration run)
      throws InterruptedException, ExecutionException, TimeoutException {
    long end = System.currentTimeMillis() + run.toMillis();
    store.set(KeySpace.GO_KEY, end).toCompletableFuture().get(30, TimeUnit.SECONDS);
    return end;
  }

  /** Operations issued so far by every client together (as of their last progress lines). */
  public long ops() {
    return sum(ops);
  }

  /** Failed operations so far, every client together. */
  public long errors() {
    return sum(errors);
  }

  /**
   * Waits for each client's result line and exit, and answers the lines.
   *
   * @throws IllegalStateException with its output if a client failed or exited nonzero
   */
  public List<String> awaitResults(Duration within) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    List<String> results = new ArrayList<>();
    for (JvmProcess jvm : jvms) {
      Matcher outcome = jvm.awaitLine(MixedLoad.OUTCOME, left(deadline));
      if (!outcome.group(1).equals("RESULT")) {
        throw new IllegalStateException(jvm.name() + " failed: " + outcome.group(2)
            + "\nlast output:\n" + jvm.tail(30));
      }
      Optional<Integer> exit = jvm.waitFor(Duration.ofSeconds(30));
      if (exit.isEmpty() || exit.get() != 0) {
        throw new IllegalStateException(jvm.name() + " did not exit 0 after its result ("
            + exit.map(Object::toString).orElse("still running") + "); last output:\n"
            + jvm.tail(30));
      }
      results.add(outcome.group());
    }
    return results;
  }

  /** Every client's journal entries. */
  public List<JournalEntry> journal() throws IOException {
    Path dir = journalDir.orElseThrow(() -> new IllegalStateException("no journals were written"));
    List<JournalEntry> entries = new ArrayList<>();
    for (JvmProcess jvm : jvms) {
      try (Stream<String> lines = Files.lines(Path.of(journal(dir, jvm.name())))) {
        lines.map(JournalEntry::parse).forEach(entries::add);
      }
    }
    return entries;
  }

  @Override
  public void close() {
    jvms.forEach(JvmProcess::close);
  }

  private static long sum(AtomicLongArray values) {
    long sum = 0;
    for (int i = 0; i < values.length(); i++) {
      sum += values.get(i);
    }
    return sum;
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime()));
  }
}
