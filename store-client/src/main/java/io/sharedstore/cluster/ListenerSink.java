package io.sharedstore.cluster;

import java.util.function.Consumer;

/** The sink of {@link StoreClient#watch}: the caller's listener, called on the hub's thread. */
final class ListenerSink implements WatchSink {

  private final Consumer<StoreEvent> listener;

  ListenerSink(Consumer<StoreEvent> listener) {
    this.listener = listener;
  }

  @Override
  public void deliver(StoreEvent event) {
    listener.accept(event);
  }
}
