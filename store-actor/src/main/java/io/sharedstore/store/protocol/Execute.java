package io.sharedstore.store.protocol;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * One operation, answered to {@code replyTo} with its reply, or with {@link StatusReply#error}
 * when the store refuses it (the error text starts with the refusal's code).
 *
 * @param operation what to do (may be null only from a misbehaving peer; refused then)
 * @param replyTo where the answer goes; an envelope without one is dropped with a warning
 * @param <R> the operation's reply
 */
public record Execute<R extends Reply>(Operation<R> operation, ActorRef<StatusReply<R>> replyTo)
    implements Command {}
