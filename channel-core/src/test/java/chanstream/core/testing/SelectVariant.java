package chanstream.core.testing;

import chanstream.core.Select;
import chanstream.core.SelectClause;
import java.util.List;

/**
 * The four entry points of {@link Select}: random or biased choice, clauses as varargs or as a
 * list. Tests of argument checks and documented exceptions run through all four.
 */
public enum SelectVariant {

    SELECT_VARARGS {
        @Override
        public <R> R select(List<SelectClause<? extends R>> clauses) throws InterruptedException {
            return Select.select(toArray(clauses));
        }
    },

    SELECT_LIST {
        @Override
        public <R> R select(List<SelectClause<? extends R>> clauses) throws InterruptedException {
            return Select.select(clauses);
        }
    },

    BIASED_VARARGS {
        @Override
        public <R> R select(List<SelectClause<? extends R>> clauses) throws InterruptedException {
            return Select.selectBiased(toArray(clauses));
        }
    },

    BIASED_LIST {
        @Override
        public <R> R select(List<SelectClause<? extends R>> clauses) throws InterruptedException {
            return Select.selectBiased(clauses);
        }
    };

    /**
     * Runs a select over {@code clauses} through this entry point.
     *
     * @param clauses the clauses, in argument order
     * @param <R> the result type
     * @return the chosen clause's result
     * @throws InterruptedException as the select does
     */
    public abstract <R> R select(List<SelectClause<? extends R>> clauses)
            throws InterruptedException;

    /** Returns whether this entry point takes the first ready clause in argument order. */
    public boolean isBiased() {
        return this == BIASED_VARARGS || this == BIASED_LIST;
    }

    @SuppressWarnings("unchecked")
    private static <R> SelectClause<? extends R>[] toArray(
            List<SelectClause<? extends R>> clauses) {
        return clauses.toArray(new SelectClause[0]);
    }
}
