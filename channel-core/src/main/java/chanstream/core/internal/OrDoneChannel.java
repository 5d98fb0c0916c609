package chanstream.core.internal;

import chanstream.core.ReceiveChannel;

/**
 * The or-done view: yields the source's elements until the done channel fires, then reports
 * closed. It has no thread: a receive on the view is a select over three arms, polled in this
 * order so that the done signal wins over data still buffered in the source:
 * <ol>
 *   <li>a close watch on {@link #fired}, the view's own signal, closed when the view fires or is
 *       cancelled, so that every receiver of the view wakes (a broadcast, even when done fired by
 *       a single value);
 *   <li>a receive on done: a value or a close fires the view;
 *   <li>a receive on the source.
 * </ol>
 *
 * <p>The view never takes an element from the source that it does not yield: the source arm
 * commits only when the select chooses it. When done fires by a value (not a close), a receive
 * that was already committing on the source at that moment may still yield its element.
 * Cancelling the view fires it but leaves the source open: its owner decides.
 *
 * @param <T> the element type
 */
final class OrDoneChannel<T> extends AbstractView<T> {

    private final ReceiveChannel<?> done;
    private final ReceiveChannel<T> source;
    private final ReceiveSource doneSource;
    private final ReceiveSource sourceSource;
    private final ChannelImpl<Object> fired;

    OrDoneChannel(ReceiveChannel<?> done, ReceiveChannel<T> source) {
        this.doneSource = source(done, "done");
        this.sourceSource = source(source, "source");
        if (ReceiveOnlyChannel.unwrap(done) == ReceiveOnlyChannel.unwrap(source)) {
            throw new IllegalArgumentException("done and source are the same channel (" + source
                    + "): the view would take an element of the source as the done signal; pass "
                    + "a separate done channel, such as a Context's done()");
        }
        this.done = done;
        this.source = source;
        this.fired = new ChannelImpl<>(0, chanstream.core.Overflow.BLOCK, null, "orDone.fired");
    }

    private void fire() {
        fired.close();
    }

    @Override
    public void addReceiveArms(ArmCollector arms, Completion completion) {
        if (fired.isClosedForSend()) {
            arms.addReady(completion, Closed.NO_CAUSE);
            return;
        }
        Completion fire = raw -> {
            fire();
            return completion.complete(Closed.NO_CAUSE);
        };
        fired.addWatchArms(arms, fire);
        doneSource.addReceiveArms(arms, fire);
        sourceSource.addReceiveArms(arms, completion);
    }

    @Override
    public void addWatchArms(ArmCollector arms, Completion completion) {
        if (fired.isClosedForSend()) {
            arms.addReady(completion, Closed.NO_CAUSE);
            return;
        }
        Completion fire = raw -> {
            fire();
            return completion.complete(Closed.NO_CAUSE);
        };
        fired.addWatchArms(arms, fire);
        doneSource.addReceiveArms(arms, fire);
        sourceSource.addWatchArms(arms, completion);
    }

    @Override
    public void cancel() {
        fire();
    }

    @Override
    public boolean isClosedForReceive() {
        return fired.isClosedForSend() || done.isClosedForReceive() || source.isClosedForReceive();
    }

    @Override
    public int size() {
        return fired.isClosedForSend() ? 0 : source.size();
    }

    @Override
    public int capacity() {
        return source.capacity();
    }

    @Override
    public String toString() {
        return "orDone(" + done + ", " + source + ")";
    }
}
