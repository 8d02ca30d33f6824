package dev.atelier.inference.pipeline;

import dev.atelier.inference.model.FloatTensor;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An opaque 8-bit RGB picture as packed {@code 0xRRGGBB} ints, row by row: the pixels that
 * in- and outpainting keep, fill, composite and harmonise. Kept pixels travel through here as
 * the exact ints the file decoded to, so the result's PNG repeats them byte for byte.
 */
record RgbImage(int width, int height, int[] rgb) {

    RgbImage {
        if (width < 1 || height < 1 || rgb.length != width * height) {
            throw new IllegalArgumentException("an image of " + width + "x" + height + " needs " + width * height
                    + " pixels, has " + rgb.length);
        }
    }

    static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new int[width * height]);
    }

    /** An uploaded file's pixels, unscaled and upright (see {@link SourcePicture}). */
    static RgbImage decode(byte[] file, String what) {
        BufferedImage image = SourcePicture.read(file, what);
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < rgb.length; i++) rgb[i] &= 0xFFFFFF;
        return new RgbImage(w, h, rgb);
    }

    int at(int x, int y) {
        return rgb[y * width + x];
    }

    /** Bilinear resize, or this image when the size already matches (so kept pixels stay exact). */
    RgbImage resized(int w, int h) {
        if (w == width && h == height) return this;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(toBufferedImage(), 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return new RgbImage(w, h, out.getRGB(0, 0, w, h, null, 0, w));
    }

    /** Grown to {@code w x h} by repeating the last column and row: the VAE needs whole 8-pixel blocks. */
    RgbImage edgePadded(int w, int h) {
        if (w == width && h == height) return this;
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(y, height - 1);
            for (int x = 0; x < w; x++) out[y * w + x] = rgb[sy * width + Math.min(x, width - 1)];
        }
        return new RgbImage(w, h, out);
    }

    /** The top-left {@code w x h}. */
    RgbImage cropped(int w, int h) {
        if (w == width && h == height) return this;
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) System.arraycopy(rgb, y * width, out, y * w, w);
        return new RgbImage(w, h, out);
    }

    /** As the VAE encoder takes it: [1, 3, h, w] in [-1, 1]. */
    FloatTensor toTensor() {
        int plane = width * height;
        float[] d = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            d[i] = ((rgb[i] >> 16) & 0xFF) / 127.5f - 1f;
            d[plane + i] = ((rgb[i] >> 8) & 0xFF) / 127.5f - 1f;
            d[2 * plane + i] = (rgb[i] & 0xFF) / 127.5f - 1f;
        }
        return new FloatTensor(d, 1, 3, height, width);
    }

    /** The first image of a VAE decoder output, from [-1, 1], rounded and clamped as {@code ImageCodec.toPng}. */
    static RgbImage fromTensor(FloatTensor pixels) {
        int w = pixels.width();
        int h = pixels.height();
        int plane = w * h;
        float[] d = pixels.data();
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = (channel(d[i]) << 16) | (channel(d[plane + i]) << 8) | channel(d[2 * plane + i]);
        }
        return new RgbImage(w, h, rgb);
    }

    byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(toBufferedImage(), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, rgb, 0, width);
        return image;
    }

    private static int channel(float v) {
        float unit = Math.min(1f, Math.max(0f, v / 2f + 0.5f));
        return Math.round(unit * 255f);
    }
}
