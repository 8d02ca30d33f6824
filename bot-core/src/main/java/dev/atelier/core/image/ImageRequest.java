package dev.atelier.core.image;

/**
 * One image for a pipeline to make: the task, the visible prompt and the settings, plus the
 * source image and mask the task needs (PNG/JPEG/WebP bytes as the user sent them, or an
 * earlier result), {@code null} when the task has none.
 */
public record ImageRequest(Task task, String prompt, GenerationSettings settings,
                           byte[] sourceImage, byte[] mask, Direction direction, double amount) {

    public static ImageRequest generate(String prompt, GenerationSettings settings) {
        return new ImageRequest(Task.GENERATE, prompt, settings, null, null, null, 0);
    }
}
