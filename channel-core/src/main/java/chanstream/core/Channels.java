package chanstream.core;

import chanstream.core.internal.Checks;
import chanstream.core.internal.Pipelines;
import chanstream.core.internal.Timers;
import chanstream.core.internal.Views;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The channel patterns of "Concurrency in Go" (Katherine Cox-Buday, O'Reilly 2017, chapter 4)
 * as ready helpers.
 *
 * <p><b>Done channels.</b> Every helper that takes a {@code done} channel stops when it fires. A
 * done channel fires when it receives a value or is closed, and stays fired. A value wakes one
 * watcher only; closing wakes all of them, so a done channel shared by several watchers should
 * be closed, never sent to. {@link Context#done()} is such a channel.
 *
 * <p><b>Views and tasks.</b> {@link #orDone}, {@link #or} and {@link #merge} are views: they
 * need no thread, and a receive on them is a select over the channels they watch. The other
 * helpers start a task ({@link Tasks#start}) that owns its output channels: the task closes them
 * when its input ends, closes them with the cause when its input or function fails, and ends
 * when done fires or a consumer cancels an output. Outputs are unbuffered.
 *
 * <p>Every channel these helpers return is a full {@link ReceiveChannel}: it works in select
 * clauses, in the Reactive Streams bridges, and as another helper's done channel.
 */
public final class Channels {

    private Channels() {
    }

    /**
     * Returns a view that yields {@code source}'s elements until {@code done} fires, then reports
     * closed.
     *
     * <p>The done signal wins over buffered data: a receive checks {@code done} first, and once
     * {@code done} fired no further element is yielded. The view never takes an element from
     * {@code source} that it does not yield, and needs no thread. Cancelling the view does not
     * cancel {@code source}: its owner decides.
     *
     * @param done the cancellation signal
     * @param source the channel to read
     * @param <T> the element type
     * @return the view
     * @throws IllegalArgumentException if a channel was not created by chanstream, or if
     *     {@code done} and {@code source} are the same channel
     */
    public static <T> ReceiveChannel<T> orDone(ReceiveChannel<?> done, ReceiveChannel<T> source) {
        return Views.orDone(done, source);
    }

    /**
     * Returns a done channel that fires as soon as any of {@code done} fires. A receive on it waits
     * until then and then reports closed, to every receiver.
     *
     * @param done the inputs
     * @return the combined done channel
     * @throws IllegalArgumentException if no input is given
     */
    public static ReceiveChannel<?> or(ReceiveChannel<?>... done) {
        Objects.requireNonNull(done, "done is null");
        return Views.or(done);
    }

    /**
     * Returns a channel that receives the current time once after {@code delay}, keeps it for a
     * late receiver, and then closes: Go's {@code time.After}. Runs on chanstream's single timer
     * thread; cancelling the channel removes the timer.
     *
     * @param delay the delay
     * @return the timer channel, capacity 1
     * @throws NullPointerException if {@code delay} is {@code null}
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static ReceiveChannel<Instant> after(Duration delay) {
        return Timers.after(Checks.nonNegativeNanos(delay, "delay"), "after(" + delay + ")");
    }

    /**
     * Returns a channel that receives the current time every {@code period}, the first time after
     * one period: Go's {@code time.Tick}. A slow receiver misses ticks rather than queueing them.
     * Runs on chanstream's single timer thread; cancelling the channel stops the ticker.
     *
     * @param period the period
     * @return the ticker channel, capacity 1
     * @throws NullPointerException if {@code period} is {@code null}
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public static ReceiveChannel<Instant> tick(Duration period) {
        return Timers.tick(Checks.positiveNanos(period, "period"), "tick(" + period + ")");
    }

    /**
     * Fan-in: returns a view that receives from whichever source has an element, with no source
     * favoured. It reports closed when every source has closed; a source closed with a cause
     * closes it with that cause at once. Needs no thread. Cancelling the view cancels every
     * source. Elements of one source keep their order.
     *
     * @param sources the channels to merge
     * @param <T> the element type
     * @return the merged view
     * @throws IllegalArgumentException if no source is given
     */
    @SafeVarargs
    public static <T> ReceiveChannel<T> merge(ReceiveChannel<? extends T>... sources) {
        Objects.requireNonNull(sources, "sources is null");
        return Views.merge(Arrays.asList(sources));
    }

    /**
     * Fan-in over a list of sources; see {@link #merge(ReceiveChannel[])}.
     *
     * @param sources the channels to merge
     * @param <T> the element type
     * @return the merged view
     */
    public static <T> ReceiveChannel<T> merge(List<? extends ReceiveChannel<? extends T>> sources) {
        Objects.requireNonNull(sources, "sources is null");
        return Views.merge(sources);
    }

    /**
     * Returns a channel that receives {@code values} in order, then closes: the book's
     * {@code generator}.
     *
     * @param done stops the task early
     * @param values the values, none {@code null}
     * @param <T> the element type
     * @return the output channel
     */
    @SafeVarargs
    public static <T> ReceiveChannel<T> generator(ReceiveChannel<?> done, T... values) {
        Objects.requireNonNull(values, "values is null");
        for (T value : values) {
            Objects.requireNonNull(value, "values contain null");
        }
        return Pipelines.generator(done, Arrays.asList(values));
    }

    /**
     * Returns a channel that receives the elements of {@code values} in iteration order, then
     * closes. The iterable is read lazily, one element per send; if it throws, the output is closed
     * with that exception.
     *
     * @param done stops the task early
     * @param values the values
     * @param <T> the element type
     * @return the output channel
     */
    public static <T> ReceiveChannel<T> generator(ReceiveChannel<?> done,
            Iterable<? extends T> values) {
        return Pipelines.generator(done, values);
    }

    /**
     * Returns a channel that receives {@code values} over and over until done fires: the book's
     * {@code repeat}.
     *
     * @param done stops the task
     * @param values the values to cycle through, at least one
     * @param <T> the element type
     * @return the output channel
     */
    @SafeVarargs
    public static <T> ReceiveChannel<T> repeat(ReceiveChannel<?> done, T... values) {
        Objects.requireNonNull(values, "values is null");
        return Pipelines.repeat(done, Arrays.asList(values));
    }

    /**
     * Returns a channel that receives {@code supplier.get()} over and over until done fires: the
     * book's {@code repeatFn}.
     *
     * @param done stops the task
     * @param supplier called once per element, on the task's thread
     * @param <T> the element type
     * @return the output channel
     */
    public static <T> ReceiveChannel<T> repeatFn(ReceiveChannel<?> done,
            Supplier<? extends T> supplier) {
        return Pipelines.repeatFn(done, supplier);
    }

    /**
     * Returns a channel that receives the first {@code count} elements of {@code source}, then
     * closes. It does not cancel {@code source}.
     *
     * @param done stops the task early
     * @param source the input
     * @param count how many elements to pass on
     * @param <T> the element type
     * @return the output channel
     */
    public static <T> ReceiveChannel<T> take(ReceiveChannel<?> done,
            ReceiveChannel<? extends T> source,
            long count) {
        return Pipelines.take(done, source, count);
    }

    /**
     * A pipeline stage: returns a channel that receives {@code function} applied to each element of
     * {@code source}, in order, computed by one task.
     *
     * @param done stops the stage
     * @param source the input
     * @param function applied on the stage's task; an exception closes the output with it
     * @param <T> the input type
     * @param <R> the output type
     * @return the output channel
     */
    public static <T, R> ReceiveChannel<R> stage(ReceiveChannel<?> done,
            ReceiveChannel<? extends T> source,
            Function<? super T, ? extends R> function) {
        return Pipelines.<T, R>stages(done, source, 1, function).get(0);
    }

    /**
     * A parallel pipeline stage: fans {@code source} out to {@code workers} tasks that apply
     * {@code function}, and fans their results back in with {@link #merge}. Output order across
     * workers is not kept.
     *
     * @param done stops the stage
     * @param source the input, read by all workers as competing consumers
     * @param workers the number of tasks, at least 1
     * @param function applied on the workers' tasks
     * @param <T> the input type
     * @param <R> the output type
     * @return the merged output channel
     */
    public static <T, R> ReceiveChannel<R> stage(ReceiveChannel<?> done,
            ReceiveChannel<? extends T> source,
            int workers, Function<? super T, ? extends R> function) {
        return Views.<R>merge(Pipelines.<T, R>stages(done, source, workers, function));
    }

    /**
     * Fan-out: starts {@code workers} tasks that read {@code source} as competing consumers
     * and each send {@code function}'s results to an output of their own.
     *
     * @param done stops the workers
     * @param source the input
     * @param workers the number of tasks, at least 1
     * @param function applied on the workers' tasks
     * @param <T> the input type
     * @param <R> the output type
     * @return one output channel per worker
     */
    public static <T, R> List<ReceiveChannel<R>> fanOut(ReceiveChannel<?> done,
            ReceiveChannel<? extends T> source, int workers,
            Function<? super T, ? extends R> function) {
        return Pipelines.stages(done, source, workers, function);
    }

    /**
     * Returns two channels that each receive every element of {@code source}: the book's
     * {@code tee}. An element is sent to both before the next is read, so the slower consumer sets
     * the pace. An output whose consumer cancels it is skipped from then on.
     *
     * @param done stops the task
     * @param source the input
     * @param <T> the element type
     * @return two output channels
     */
    public static <T> List<ReceiveChannel<T>> tee(ReceiveChannel<?> done,
            ReceiveChannel<? extends T> source) {
        return Pipelines.tee(done, source, 2);
    }

    /**
     * Returns {@code count} channels that each receive every element of {@code source}; see
     * {@link #tee(ReceiveChannel, ReceiveChannel)}.
     *
     * @param done stops the task
     * @param source the input
     * @param count the number of outputs, at least 1
     * @param <T> the element type
     * @return the output channels
     */
    public static <T> List<ReceiveChannel<T>> tee(ReceiveChannel<?> done,
            ReceiveChannel<? extends T> source,
            int count) {
        return Pipelines.tee(done, source, count);
    }

    /**
     * Flattens a channel of channels: returns a channel that receives every element of each inner
     * channel, one inner channel after the other: the book's {@code bridge}.
     *
     * @param done stops the task
     * @param channels the channel of channels
     * @param <T> the element type
     * @return the output channel
     */
    public static <T> ReceiveChannel<T> bridge(ReceiveChannel<?> done,
            ReceiveChannel<? extends ReceiveChannel<? extends T>> channels) {
        return Pipelines.bridge(done, channels);
    }

    /**
     * Returns a lazy, single-pass {@link Iterable} over {@code channel}: each {@code hasNext()}
     * blocks in {@link ReceiveChannel#receiveOrNull()}. Creating an iterator receives nothing, and
     * its spliterator does not report {@code SIZED}. On a Reactor non-blocking thread
     * {@code hasNext()} throws {@link IllegalStateException}; use the Reactor adapter's
     * {@code toFlux} there. An interrupt while waiting throws {@link IllegalStateException}
     * with the thread's interrupt flag set.
     *
     * @param channel the channel to iterate
     * @param <T> the element type
     * @return the iterable
     */
    public static <T> Iterable<T> iterable(ReceiveChannel<T> channel) {
        Objects.requireNonNull(channel, "channel is null");
        return () -> Pipelines.iterator(channel);
    }
}
