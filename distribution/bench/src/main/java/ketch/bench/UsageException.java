package ketch.bench;

/** A command line that cannot run: the message names the wrong value and what was expected. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
