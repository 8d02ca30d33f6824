package dev.atelier.core.image;

/**
 * Port: runs a diffusion pipeline for one {@link ImageRequest}. Implemented by the
 * {@code inference} module (DJL + ONNX Runtime).
 */
public interface ImageGenerator {

    /**
     * Makes the image. Calls {@code progress} after every denoising step and checks
     * {@code cancellation} before each; blocks the calling thread for the whole run.
     *
     * @throws UnsupportedTaskException when this generator cannot do the request's task
     * @throws CancelledException       when cancellation was requested
     */
    GeneratedImage generate(ImageRequest request, Progress progress, Cancellation cancellation);

    /** True once the models are loaded and a request can run (for {@code /health}). */
    boolean ready();

    /** Called after each denoising step. */
    @FunctionalInterface
    interface Progress {
        void step(int step, int steps);

        /**
         * The same, with a way to get a preview of the picture so far: a small JPEG decoded
         * cheaply from the latents, made only when {@code preview.get()} is called, so a listener
         * that wants one every few steps pays for those steps only.
         */
        default void step(int step, int steps, java.util.function.Supplier<byte[]> preview) {
            step(step, steps);
        }

        Progress NONE = (s, n) -> { };
    }

    /** Asked before each denoising step. */
    @FunctionalInterface
    interface Cancellation {
        boolean requested();

        Cancellation NEVER = () -> false;
    }

    final class UnsupportedTaskException extends RuntimeException {
        public UnsupportedTaskException(String message) {
            super(message);
        }
    }

    final class CancelledException extends RuntimeException {
        public CancelledException() {
            super("cancelled");
        }
    }
}
