package chanstream.examples;

/** An invalid command line: an unknown option, a missing or malformed value. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
