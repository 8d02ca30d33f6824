package dev.atelier.inference.store;

/**
 * A model command that could not do what it was asked, with the reason as a {@link Failure}: the
 * command line turns the failure into its exit code, so scripts can tell a dead server from a
 * corrupt file without reading the message.
 */
public final class ModelStoreException extends RuntimeException {

    /** Why a command failed, and the exit code {@code ./atelier models} ends with. */
    public enum Failure {
        /** {@code verify} found bad or missing files. */
        DOES_NOT_VERIFY(1),
        /** An unknown command, a missing argument, a name with {@code /} or {@code ..}. */
        USAGE(2),
        /** The server did not answer (refused, unknown host, timed out) after the retries. */
        UNREACHABLE(3),
        /** A required file (or the model asked for) is not there; a 404, or another 4xx/5xx. */
        NOT_FOUND(4),
        /** A downloaded file's size or SHA-256 differs from the manifest's. */
        INTEGRITY(5),
        /** Reading or writing the local disk failed (full, read-only, permissions). */
        DISK(6),
        /** A model of that name is installed (pull without --force) or in use (remove). */
        REFUSED(7);

        public final int exitCode;

        Failure(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Failure failure;

    public ModelStoreException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public ModelStoreException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
