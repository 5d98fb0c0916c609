package chanstream.core.internal;

/**
 * A receive side that a select can wait on: a {@link ChannelImpl}, or a view such as or-done
 * or merge that is made of other channels. Every {@code ReceiveChannel} chanstream creates
 * implements it.
 */
public interface ReceiveSource {

    /**
     * Adds the arms of one receive on this channel. {@code completion} receives the outcome as
     * this channel defines it: an element, or a {@link Closed} once this channel reports closed.
     * The arms are the current clause's; the caller ends the clause.
     */
    void addReceiveArms(ArmCollector arms, Completion completion);

    /**
     * Adds arms that become ready when this channel may have become closed for receive, without
     * taking an element. {@code completion} receives a {@link Closed} when this channel is closed
     * and drained, or {@link Arm#RETRY} is returned by the arms' completion when the change did
     * not close this channel, so the watcher should check again.
     */
    void addWatchArms(ArmCollector arms, Completion completion);
}
