package chanstream.core.internal;

import chanstream.core.ChannelHooks;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Work that a channel operation decides on while holding a channel lock and performs after
 * releasing every lock: waking a claimed waiter, passing a dropped element to the undelivered
 * handler, or signalling a Reactive Streams upstream. Nothing that may run user code or block
 * runs under a channel lock.
 */
interface Effect {

    /** Performs the effect; runs with no channel lock held. */
    void perform();

    /** Appends {@code effect} to {@code effects}, which is {@code null}, an effect or a list. */
    @SuppressWarnings("unchecked")
    static Object append(@Nullable Object effects, Effect effect) {
        if (effects == null) {
            return effect;
        }
        ArrayList<Effect> list;
        if (effects instanceof ArrayList) {
            list = (ArrayList<Effect>) effects;
        } else {
            list = new ArrayList<>(4);
            list.add((Effect) effects);
        }
        list.add(effect);
        return list;
    }

    /**
     * Performs {@code effects} (null, an effect or a list) in order. An exception from one effect
     * goes to {@link ChannelHooks#onUndeliverableError} and does not stop the others.
     */
    @SuppressWarnings("unchecked")
    static void performAll(@Nullable Object effects) {
        if (effects == null) {
            return;
        }
        if (effects instanceof Effect) {
            performOne((Effect) effects);
            return;
        }
        for (Effect effect : (ArrayList<Effect>) effects) {
            performOne(effect);
        }
    }

    private static void performOne(Effect effect) {
        try {
            effect.perform();
        } catch (Throwable failure) {
            ChannelHooks.onUndeliverableError(failure);
        }
    }
}
