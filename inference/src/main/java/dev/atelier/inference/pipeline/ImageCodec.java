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
 * Between image files and the VAE's pixel tensors: [-1, 1] floats, NCHW, RGB. Shared by the
 * pipelines because every one of them starts or ends with pixels.
 */
final class ImageCodec {

    private ImageCodec() {
    }

    /** PNG bytes of the first image of a decoder output, mapped from [-1, 1] and clamped. */
    static byte[] toPng(FloatTensor pixels) {
        int w = pixels.width();
        int h = pixels.height();
        int plane = w * h;
        float[] d = pixels.data();
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            int r = channel(d[i]);
            int g = channel(d[plane + i]);
            int b = channel(d[2 * plane + i]);
            rgb[i] = (r << 16) | (g << 8) | b;
        }
        image.setRGB(0, 0, w, h, rgb, 0, w);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An uploaded file, upright, resized to {@code width x height}, as a [1, 3, h, w] tensor in [-1, 1]. */
    static FloatTensor fromImageFile(byte[] file, int width, int height) {
        BufferedImage source = SourcePicture.read(file, "source image");
        BufferedImage resized = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        int plane = width * height;
        int[] rgb = resized.getRGB(0, 0, width, height, null, 0, width);
        float[] d = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            d[i] = ((rgb[i] >> 16) & 0xFF) / 127.5f - 1f;
            d[plane + i] = ((rgb[i] >> 8) & 0xFF) / 127.5f - 1f;
            d[2 * plane + i] = (rgb[i] & 0xFF) / 127.5f - 1f;
        }
        return new FloatTensor(d, 1, 3, height, width);
    }

    private static int channel(float v) {
        float unit = Math.min(1f, Math.max(0f, v / 2f + 0.5f));
        return Math.round(unit * 255f);
    }
}
