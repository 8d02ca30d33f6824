package dev.atelier.core.rules.safety;

import dev.atelier.core.image.GeneratedImage;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The blur an unsafe image is delivered under: strong enough that nothing in it can be made out,
 * only its colours. The picture is averaged down to a few pixels a side and stretched back with
 * bilinear interpolation, a low-pass filter far wider than any Gaussian one would run in the same
 * time (a box or Gaussian blur of radius ~W/20 costs that many operations per pixel; this costs
 * two passes over the image). Written by hand because the JDK has the two halves and no library
 * is needed for them.
 */
public final class SafetyBlur {

    /** The longer side of the averaged image: a 512-pixel picture becomes 12x12 colour cells. */
    static final int CELLS = 12;

    private SafetyBlur() {
    }

    public static GeneratedImage blur(GeneratedImage image) {
        BufferedImage source = read(image.png());
        int w = source.getWidth();
        int h = source.getHeight();
        int cw = Math.max(1, Math.round((float) CELLS * w / Math.max(w, h)));
        int ch = Math.max(1, Math.round((float) CELLS * h / Math.max(w, h)));
        BufferedImage small = averagedDown(source, cw, ch);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(small, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return new GeneratedImage(png(out), w, h, image.seed());
    }

    /** Each cell is the mean of the source pixels it covers. */
    private static BufferedImage averagedDown(BufferedImage source, int cw, int ch) {
        int w = source.getWidth();
        int h = source.getHeight();
        int[] rgb = source.getRGB(0, 0, w, h, null, 0, w);
        BufferedImage small = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        for (int cy = 0; cy < ch; cy++) {
            int y0 = cy * h / ch;
            int y1 = Math.max(y0 + 1, (cy + 1) * h / ch);
            for (int cx = 0; cx < cw; cx++) {
                int x0 = cx * w / cw;
                int x1 = Math.max(x0 + 1, (cx + 1) * w / cw);
                long r = 0, gr = 0, b = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        int p = rgb[y * w + x];
                        r += (p >> 16) & 0xff;
                        gr += (p >> 8) & 0xff;
                        b += p & 0xff;
                    }
                }
                long n = (long) (y1 - y0) * (x1 - x0);
                small.setRGB(cx, cy, (int) ((r / n) << 16 | (gr / n) << 8 | (b / n)));
            }
        }
        return small;
    }

    private static BufferedImage read(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) throw new IllegalArgumentException("not an image the JDK can read");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
