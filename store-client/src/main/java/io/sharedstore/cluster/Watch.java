package io.sharedstore.cluster;

import java.util.concurrent.CompletionStage;

/**
 * A running watch of the keys matching a glob, from {@link StoreClient#watch} or {@link
 * StoreClient#watchSource}: it delivers every change of a matching key once, in revision order,
 * and resumes on its own after the manager was unreachable (from its {@link #revision()}, with
 * nothing missed or repeated), or delivers a {@link StoreEvent.Reset} when it cannot (see {@link
 * ResetReason}). Close it when done; {@link ClusterClient#close()} closes every watch of the
 * client.
 */
public interface Watch extends AutoCloseable {

  /**
   * The glob watched.
   *
   * @return the glob, as given
   */
  String glob();

  /**
   * The last revision delivered: of the last event handed to the listener (or pulled from the
   * source), or later if the manager told the watch that nothing matching changed since. -1
   * until the manager confirmed the watch.
   *
   * @return the revision, or -1
   */
  long revision();

  /**
   * Completes with the revision the watch started after once the manager registered it (at
   * once if the manager is reachable, else once it answers again); fails with {@link
   * StoreRejectedException} if the manager refused it (nothing was registered and nothing will
   * be delivered), or with {@link StoreException} if the watch was closed first.
   *
   * @return the start, completed on the client's dispatcher
   */
  CompletionStage<Long> started();

  /**
   * Stops the watch: the manager forgets it and nothing more is delivered once this returns
   * (a callback already running finishes). Closing twice does nothing.
   */
  @Override
  void close();
}
