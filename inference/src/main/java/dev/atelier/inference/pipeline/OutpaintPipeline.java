package dev.atelier.inference.pipeline;

import dev.atelier.core.image.Direction;
import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageGenerator.Cancellation;
import dev.atelier.core.image.ImageGenerator.Progress;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.core.image.OutpaintCanvas;

/**
 * Outpainting: the canvas grows by the request's direction and amount ({@link OutpaintCanvas}),
 * the source keeps its pixels in its place, and the new area is the mask of the same inpainting
 * run as {@link InpaintPipeline}'s. "Zoom out" is {@link Direction#ALL}.
 *
 * <p>Not thread-safe, as the other pipelines.
 */
public final class OutpaintPipeline {

    /** Box blur passes over the edge-extended fill: three approximate a Gaussian. */
    private static final int BLUR_PASSES = 3;

    private final InpaintPipeline inpaint;

    public OutpaintPipeline(InpaintPipeline inpaint) {
        this.inpaint = inpaint;
    }

    public GeneratedImage run(ImageRequest request, Progress progress, Cancellation cancellation) {
        // 1. Check inputs.
        GenerationSettings s = request.settings();
        if (request.sourceImage() == null) throw new IllegalArgumentException("outpainting needs a source image");
        if (!(request.amount() > 0)) throw new IllegalArgumentException("outpainting needs an amount above 0");
        InpaintPipeline.checkSettings(s);
        Direction direction = request.direction() == null ? Direction.ALL : request.direction();

        // 2. The grown canvas: where the source goes, and the new area as the mask.
        RgbImage source = RgbImage.decode(request.sourceImage(), "source image");
        OutpaintCanvas canvas = OutpaintCanvas.grow(source.width(), source.height(), direction, request.amount());
        RepaintMask mask = newArea(canvas, source);

        // 3. Fill the new area with the source's edges, extended and blurred, so the model starts from
        //    the colours that must continue across the seam instead of from grey.
        RgbImage filled = fill(canvas, source, mask);

        // 4. Repaint the new area (the same run as inpainting). Below strength 1 the run starts from
        //    the fill noised part way, so what survives of it keeps the colours continuous; the turn's
        //    default for outpainting is 0.85: the fill is only a blurred guess, most of the schedule
        //    must paint detail into it.
        RgbImage out = inpaint.repaint(filled, mask, request.prompt(), s, s.strength(), progress, cancellation);

        // 5. The size asked for, when the user named one other than the grown canvas.
        out = out.resized(s.width(), s.height());
        return new GeneratedImage(out.png(), out.width(), out.height(), s.seed());
    }

    private static RepaintMask newArea(OutpaintCanvas canvas, RgbImage source) {
        boolean[] repaint = new boolean[canvas.width() * canvas.height()];
        for (int y = 0; y < canvas.height(); y++) {
            for (int x = 0; x < canvas.width(); x++) {
                int sx = x - canvas.sourceX();
                int sy = y - canvas.sourceY();
                repaint[y * canvas.width() + x] = sx < 0 || sy < 0 || sx >= source.width() || sy >= source.height();
            }
        }
        return new RepaintMask(canvas.width(), canvas.height(), repaint);
    }

    /** The source in place; the new area its nearest edge pixel, then box-blurred (the source stays sharp). */
    static RgbImage fill(OutpaintCanvas canvas, RgbImage source, RepaintMask mask) {
        int w = canvas.width();
        int h = canvas.height();
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.clamp(y - canvas.sourceY(), 0, source.height() - 1);
            for (int x = 0; x < w; x++) {
                int sx = Math.clamp(x - canvas.sourceX(), 0, source.width() - 1);
                rgb[y * w + x] = source.at(sx, sy);
            }
        }
        int radius = Math.max(2, Math.min(w, h) / 32);
        int[] blurred = rgb;
        for (int pass = 0; pass < BLUR_PASSES; pass++) blurred = boxBlur(blurred, w, h, radius);
        for (int i = 0; i < rgb.length; i++) if (mask.repaint()[i]) rgb[i] = blurred[i];
        return new RgbImage(w, h, rgb);
    }

    /** A separable box blur with clamped edges. */
    private static int[] boxBlur(int[] rgb, int w, int h, int radius) {
        int[] horizontal = new int[rgb.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) horizontal[y * w + x] = average(rgb, w, h, x, y, radius, true);
        }
        int[] out = new int[rgb.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) out[y * w + x] = average(horizontal, w, h, x, y, radius, false);
        }
        return out;
    }

    private static int average(int[] rgb, int w, int h, int x, int y, int radius, boolean alongRow) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int k = -radius; k <= radius; k++) {
            int p = alongRow ? rgb[y * w + Math.clamp(x + k, 0, w - 1)] : rgb[Math.clamp(y + k, 0, h - 1) * w + x];
            r += (p >> 16) & 0xFF;
            g += (p >> 8) & 0xFF;
            b += p & 0xFF;
        }
        int n = 2 * radius + 1;
        return ((r + n / 2) / n) << 16 | ((g + n / 2) / n) << 8 | (b + n / 2) / n;
    }
}
