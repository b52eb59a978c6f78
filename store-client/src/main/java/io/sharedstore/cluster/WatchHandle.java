package io.sharedstore.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One watch of a client, as its caller holds it ({@link Watch}) and as its {@link WatchHub}
 * tracks it: the fields without {@code volatile} belong to the hub's thread.
 */
final class WatchHandle implements Watch {

  final String glob;
  /** Where the first registration starts: a revision, or {@link WatchOptions#NOW}. */
  final long from;
  /** Set once, before the hub hears of the handle. */
  WatchSink sink;
  private final Watches owner;
  private final DispatcherFuture<Long> started;
  private volatile long revision = -1;
  private final AtomicBoolean closed = new AtomicBoolean();

  // ---- the hub's thread only ----
  /** The id of the current registration on the manager, or null when none is sent. */
  String currentId;
  /** The manager confirmed the current registration. */
  boolean confirmed;
  /** The manager confirmed some registration: {@link #resumeFrom} is a real revision. */
  boolean everStarted;
  /** The last revision delivered to the sink (or skipped as matching nothing). */
  long resumeFrom = -1;
  /** A reset to deliver when the next registration is confirmed, or null. */
  ResetReason pendingReset;
  /** Events delivered since the last acknowledgement. */
  int unacked;
  /** The number the current registration's next message must have. */
  long nextSequence;
  /** The last registration from {@link #resumeFrom} was refused: the next goes from now. */
  boolean resumeRefused;
  /** The shared registration this watch is attached to, or null if it has its own. */
  SharedWatch shared;

  /**
   * A watch of {@code glob} from {@code from}, counted by {@code owner} (null for a shared
   * registration, which only the hub holds).
   */
  WatchHandle(String glob, long from, Watches owner, Executor executor) {
    this.glob = glob;
    this.from = from;
    this.owner = owner;
    this.started = new DispatcherFuture<>(executor);
  }

  @Override
  public String glob() {
    return glob;
  }

  @Override
  public long revision() {
    return revision;
  }

  void revision(long delivered) {
    revision = delivered;
  }

  @Override
  public CompletionStage<Long> started() {
    return started.minimalCompletionStage();
  }

  CompletableFuture<Long> startedFuture() {
    return started;
  }

  boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && owner != null) {
      owner.close(this);
    }
  }

  /**
   * The manager confirmed the watch, starting after {@code from}: its sink goes live and {@link
   * #started()} completes. The hub's thread only.
   */
  void start(long from) {
    everStarted = true;
    resumeFrom = from;
    revision(from);
    sink.live(from);
    started.complete(from);
  }

  /**
   * The watch ends, with {@code failure} or closed (null): {@link #started()} fails if the
   * manager had not confirmed it, and the sink is told. The hub's thread only.
   */
  void ended(StoreException failure) {
    if (!everStarted) {
      started.completeExceptionally(failure != null ? failure : new StoreException("watch", glob,
          "watch of " + glob + ": closed before the manager confirmed it", null));
    }
    sink.ended(failure);
  }

  /** The hub ended the watch (refused, or the client closed): it no longer counts. */
  void endedByHub() {
    if (closed.compareAndSet(false, true) && owner != null) {
      owner.refused();
    }
  }

  /** For logs: {@code Watch[glob=config:*, revision=42]}. */
  @Override
  public String toString() {
    return "Watch[glob=" + glob + ", revision=" + revision + (closed.get() ? ", closed" : "") + "]";
  }
}
