package dev.atelier.inference.pipeline;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A preview of a running generation without the VAE: each latent cell's four channels mapped
 * to RGB by a fixed linear projection, then scaled up to {@link #LONG_SIDE} pixels on the long
 * side and written as a small JPEG. It costs a few thousand multiply-adds and one small JPEG
 * encoding, against a VAE decode that costs as much as several UNet steps on a real model.
 *
 * <p>The factors are the SD 1.5 latent-to-RGB projection that ComfyUI's and A1111's cheap
 * previewers use (a least-squares fit of the VAE's decoded colours to the scaled latents); they
 * give the picture's layout and colours, blurred, never its detail.
 */
final class LatentPreview {

    /** Pixels on the preview's long side: enough to see the picture take shape in a chat. */
    static final int LONG_SIDE = 128;

    /** Rows: latent channels 0..3; columns: R, G, B. Output is in [-1, 1] like the VAE's. */
    private static final float[][] SD15_LATENT_RGB = {
            {0.3512f, 0.2297f, 0.3227f},
            {0.3250f, 0.4974f, 0.2350f},
            {-0.2829f, 0.1762f, 0.2721f},
            {-0.2120f, -0.2616f, -0.7177f},
    };
    private static final float JPEG_QUALITY = 0.7f;

    private LatentPreview() {
    }

    /**
     * The preview of clean latents (as the UNet works on them, scaled by the VAE's factor) of
     * {@code 4 x latentHeight x latentWidth}, cropped to {@code width x height} pixels' worth
     * when the latents carry block padding.
     */
    static byte[] jpeg(float[] latents, int latentHeight, int latentWidth, int width, int height) {
        int plane = latentHeight * latentWidth;
        BufferedImage small = new BufferedImage(latentWidth, latentHeight, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            int pixel = 0;
            for (int c = 0; c < 3; c++) {
                float v = 0;
                for (int l = 0; l < 4; l++) v += latents[l * plane + i] * SD15_LATENT_RGB[l][c];
                pixel = (pixel << 8) | Math.round(Math.min(1f, Math.max(0f, v / 2f + 0.5f)) * 255f);
            }
            rgb[i] = pixel;
        }
        small.setRGB(0, 0, latentWidth, latentHeight, rgb, 0, latentWidth);

        double scale = (double) LONG_SIDE / Math.max(width, height);
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        // Block padding (an odd-sized inpainting) is cut off: the source rectangle covers the picture only.
        int sourceWidth = Math.max(1, Math.round(width / (float) TextToImagePipeline.VAE_SCALE));
        int sourceHeight = Math.max(1, Math.round(height / (float) TextToImagePipeline.VAE_SCALE));
        BufferedImage preview = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = preview.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(small, 0, 0, w, h, 0, 0, Math.min(sourceWidth, latentWidth), Math.min(sourceHeight, latentHeight), null);
        } finally {
            g.dispose();
        }
        return encode(preview);
    }

    private static byte[] encode(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
