package chanstream.core.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fate of every element in one stress round: attempted, sent, failed, received, undelivered.
 * Thread-safe; the checks run after every worker has ended.
 */
final class ChannelLedger {

    private final AtomicInteger nextElement = new AtomicInteger();

    final Set<Integer> attempted = ConcurrentHashMap.newKeySet();
    final Set<Integer> sent = ConcurrentHashMap.newKeySet();
    final Set<Integer> failed = ConcurrentHashMap.newKeySet();

    /** Failed sends that threw {@code ChannelClosedException}: a cancel may have dropped them. */
    final Set<Integer> failedClosed = ConcurrentHashMap.newKeySet();

    final Set<Integer> received = ConcurrentHashMap.newKeySet();
    final Set<Integer> undelivered = ConcurrentHashMap.newKeySet();

    /** Elements received or passed to the handler more than once. */
    final Set<Integer> duplicates = ConcurrentHashMap.newKeySet();

    /** Returns a new element, never used before in this round. */
    int newElement() {
        int element = nextElement.incrementAndGet();
        attempted.add(element);
        return element;
    }

    void sent(int element) {
        sent.add(element);
    }

    void failed(int element) {
        failed.add(element);
    }

    void failedClosed(int element) {
        failed.add(element);
        failedClosed.add(element);
    }

    void received(Integer element) {
        if (!received.add(element)) {
            duplicates.add(element);
        }
    }

    void undelivered(Integer element) {
        if (!undelivered.add(element)) {
            duplicates.add(element);
        }
    }

    /** Returns every broken rule, one line each; empty when the round was consistent. */
    List<String> violations() {
        List<String> violations = new ArrayList<>();
        if (!duplicates.isEmpty()) {
            violations.add("received or undelivered more than once: " + duplicates);
        }
        for (Integer element : attempted) {
            boolean isSent = sent.contains(element);
            boolean isFailed = failed.contains(element);
            boolean isReceived = received.contains(element);
            boolean isUndelivered = undelivered.contains(element);
            if (isSent == isFailed) {
                violations.add(element + ": sent " + isSent + " and failed " + isFailed);
            }
            if (isReceived && isUndelivered) {
                violations.add(element + ": both received and undelivered");
            }
            if (isSent && !isReceived && !isUndelivered) {
                violations.add(element + ": sent but neither received nor undelivered");
            }
            if (isFailed && isReceived) {
                violations.add(element + ": failed send, yet received");
            }
            if (isFailed && isUndelivered && !failedClosed.contains(element)) {
                violations.add(element + ": withdrawn send, yet passed to the undelivered handler");
            }
        }
        for (Integer element : received) {
            if (!attempted.contains(element)) {
                violations.add(element + ": received but never sent");
            }
        }
        for (Integer element : undelivered) {
            if (!attempted.contains(element)) {
                violations.add(element + ": undelivered but never sent");
            }
        }
        int failedOnly = 0;
        for (Integer element : failed) {
            if (!undelivered.contains(element)) {
                failedOnly++;
            }
        }
        if (attempted.size() != received.size() + undelivered.size() + failedOnly) {
            violations.add("attempted " + attempted.size() + " != received " + received.size()
                    + " + undelivered " + undelivered.size() + " + failed " + failedOnly);
        }
        return violations;
    }

    @Override
    public String toString() {
        return "attempted " + attempted.size() + ", sent " + sent.size() + ", failed "
                + failed.size() + ", received " + received.size() + ", undelivered "
                + undelivered.size();
    }
}
