package io.sharedstore.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The Pekko Streams form of a watch ({@link StoreClient#watchSource}): the hub offers each event
 * to a bounded queue, and the watch acknowledges an event only once the stream has pulled it, so
 * the manager sends at most its buffer ahead of the consumer (the queue holds a little more than
 * that, so an acknowledged manager never overfills it).
 */
final class WatchSource {

  private WatchSource() {}

  /** An event on its way through the stream, with the sink that acknowledges it. */
  private record Delivery(QueueSink sink, StoreEvent event) {}

  static Source<StoreEvent, Watch> create(Watches watches, String glob, WatchOptions options,
      int buffer, int ackEvery) {
    watches.checkGlob(glob);
    java.util.Objects.requireNonNull(options, "options must not be null");
    int capacity = buffer + 2 * io.sharedstore.store.watch.Watchers.PAGE + 16;
    return Source.<Delivery>queue(capacity)
        .<Watch>mapMaterializedValue(queue -> watches.open(glob, options,
            handle -> new QueueSink(queue, handle, watches.hub(), ackEvery)))
        .map(delivery -> delivery.sink().consumed(delivery.event()))
        .watchTermination((watch, done) -> {
          done.whenComplete((ok, failure) -> watch.close());
          return watch;
        });
  }

  /** Offers events to the stream's queue; acknowledges what the stream pulled. */
  private static final class QueueSink implements WatchSink {
    private final BoundedSourceQueue<Delivery> queue;
    private final WatchHandle handle;
    private final ActorRef<WatchHub.Message> hub;
    private final int ackEvery;
    /** Pulled since the last acknowledgement: touched only by the stream's one stage. */
    private int pulled;

    QueueSink(BoundedSourceQueue<Delivery> queue, WatchHandle handle,
        ActorRef<WatchHub.Message> hub, int ackEvery) {
      this.queue = queue;
      this.handle = handle;
      this.hub = hub;
      this.ackEvery = ackEvery;
    }

    @Override
    public void deliver(StoreEvent event) {
      QueueOfferResult result = queue.offer(new Delivery(this, event));
      if (result == QueueOfferResult.dropped()) {
        queue.fail(new StoreOverflowException("watch", handle.glob, "watch of " + handle.glob
            + ": the stream's queue is full (the manager sent more than its"
            + " shared-store.watch.buffer ahead: is the client's buffer setting below the"
            + " manager's?)"));
        handle.close();
      } else if (result != QueueOfferResult.enqueued()) {
        handle.close(); // the stream ended
      }
    }

    StoreEvent consumed(StoreEvent event) {
      handle.revision(event.revision());
      if (++pulled >= ackEvery || event instanceof StoreEvent.Reset) {
        pulled = 0;
        hub.tell(new WatchHub.Consumed(handle, event.revision()));
      }
      return event;
    }

    @Override
    public void ended(StoreException failure) {
      try {
        if (failure != null) {
          queue.fail(failure);
        } else {
          queue.complete();
        }
      } catch (IllegalStateException alreadyEnded) {
        // The stream ended first (taken what it wanted, or cancelled): nothing to end.
      }
    }

    @Override
    public boolean consumesOnDelivery() {
      return false;
    }
  }
}
