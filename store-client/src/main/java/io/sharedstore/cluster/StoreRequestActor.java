package io.sharedstore.cluster;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The client's local request actor, {@link ClusterClient#storeRef()}: runs each {@link
 * StoreRequest} on the client's own {@link StoreClient}, in the order received, and the request
 * answers its replyTo when the client's stage completes (on the client's dispatcher). It holds no
 * state and never waits: the calls go on through the client's one connection.
 */
final class StoreRequestActor {

  private StoreRequestActor() {}

  static Behavior<StoreRequest> create(StoreClient client) {
    Behavior<StoreRequest> behavior =
        Behaviors.receive(StoreRequest.class)
            .onMessage(
                StoreRequest.class,
                request -> {
                  request.run(client);
                  return Behaviors.same();
                })
            .build();
    return Behaviors.supervise(behavior).onFailure(SupervisorStrategy.resume());
  }
}
