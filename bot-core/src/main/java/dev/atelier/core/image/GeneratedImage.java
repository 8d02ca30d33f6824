package dev.atelier.core.image;

/**
 * A finished image: PNG bytes and what they are.
 *
 * @param generationMillis how long the pipeline ran to make it, as the generator measured it (not
 *                         counting a wait for its turn at the model); 0 when not measured
 */
public record GeneratedImage(byte[] png, int width, int height, long seed, long generationMillis) {

    public GeneratedImage(byte[] png, int width, int height, long seed) {
        this(png, width, height, seed, 0);
    }

    public GeneratedImage withGenerationMillis(long millis) {
        return new GeneratedImage(png, width, height, seed, millis);
    }
}
