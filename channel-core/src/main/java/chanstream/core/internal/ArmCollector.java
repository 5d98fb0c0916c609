package chanstream.core.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The arms of one select attempt, grouped by clause. Arms of one clause keep their order (an
 * or-done view lists its done channel before its source, so the done signal wins); a random
 * select shuffles the clauses, not the arms inside a clause.
 */
public final class ArmCollector {

    private Arm[] arms = new Arm[4];
    private @Nullable Object[] items = new Object[4];
    private int size;

    private int[] clauseEnds = new int[4];
    private int clauseCount;

    /** Index of the committed arm after a select attempt. */
    int committed = -1;

    /** Raw outcome of the committed arm. */
    @Nullable Object committedRaw;

    /** Adds an arm of the clause being expanded; {@code item} is the element of a send. */
    public void add(Arm arm, @Nullable Object item) {
        if (size == arms.length) {
            arms = Arrays.copyOf(arms, size * 2);
            items = Arrays.copyOf(items, size * 2);
        }
        arms[size] = arm;
        items[size] = item;
        size++;
    }

    /** Adds an arm that is ready at once with the raw outcome {@code raw}. */
    public void addReady(Completion completion, Object raw) {
        add(new Arm(Arm.READY, null, completion), raw);
    }

    /** Adds a receive arm on {@code channel}. */
    public void addReceive(ChannelImpl<?> channel, Completion completion) {
        add(new Arm(Arm.RECEIVE, channel, completion), null);
    }

    /** Adds a close-watch arm on {@code channel}. */
    public void addWatch(ChannelImpl<?> channel, Completion completion) {
        add(new Arm(Arm.WATCH, channel, completion), null);
    }

    /** Ends the current clause. */
    public void endClause() {
        if (clauseCount == clauseEnds.length) {
            clauseEnds = Arrays.copyOf(clauseEnds, clauseCount * 2);
        }
        clauseEnds[clauseCount++] = size;
    }

    int size() {
        return size;
    }

    int clauseCount() {
        return clauseCount;
    }

    int clauseStart(int clause) {
        return clause == 0 ? 0 : clauseEnds[clause - 1];
    }

    int clauseEnd(int clause) {
        return clauseEnds[clause];
    }

    Arm arm(int index) {
        return arms[index];
    }

    @Nullable Object item(int index) {
        return items[index];
    }
}
