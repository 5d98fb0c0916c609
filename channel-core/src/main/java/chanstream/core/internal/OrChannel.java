package chanstream.core.internal;

import chanstream.core.ReceiveChannel;
import java.util.Arrays;

/**
 * The or view over done channels: fires when any input fires (receives a value or is closed),
 * and from then on reports closed to every receiver. A receive on it never yields an element:
 * it waits, then reports closed. Like {@link OrDoneChannel} it needs no thread and broadcasts its
 * firing through a closed internal signal channel.
 */
final class OrChannel extends AbstractView<Object> {

    private final ReceiveChannel<?>[] inputs;
    private final ReceiveSource[] sources;
    private final ChannelImpl<Object> fired;

    OrChannel(ReceiveChannel<?>[] inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException(
                    "or needs at least one done channel, was given none");
        }
        this.inputs = inputs.clone();
        this.sources = new ReceiveSource[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            sources[i] = source(inputs[i], "done[" + i + "]");
        }
        this.fired = new ChannelImpl<>(0, chanstream.core.Overflow.BLOCK, null, "or.fired");
    }

    @Override
    public void addReceiveArms(ArmCollector arms, Completion completion) {
        if (fired.isClosedForSend()) {
            arms.addReady(completion, Closed.NO_CAUSE);
            return;
        }
        Completion fire = raw -> {
            fired.close();
            return completion.complete(Closed.NO_CAUSE);
        };
        fired.addWatchArms(arms, fire);
        for (ReceiveSource source : sources) {
            source.addReceiveArms(arms, fire);
        }
    }

    @Override
    public void addWatchArms(ArmCollector arms, Completion completion) {
        addReceiveArms(arms, completion);
    }

    @Override
    public void cancel() {
        fired.close();
    }

    @Override
    public boolean isClosedForReceive() {
        if (fired.isClosedForSend()) {
            return true;
        }
        for (ReceiveChannel<?> input : inputs) {
            if (input.isClosedForReceive()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        return 0;
    }

    @Override
    public int capacity() {
        return 0;
    }

    @Override
    public String toString() {
        return "or" + Arrays.toString(inputs).replace('[', '(').replace(']', ')');
    }
}
