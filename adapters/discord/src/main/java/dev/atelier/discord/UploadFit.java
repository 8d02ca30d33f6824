package dev.atelier.discord;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A result made to fit the channel's upload limit: the PNG as it is when it fits, otherwise a
 * JPEG at falling quality, then at a smaller size, until it fits. JPEG because the JDK (and
 * TwelveMonkeys beside it) writes it; nothing on the classpath writes WebP.
 */
final class UploadFit {

    /** Below this a JPEG shows blocks; smaller files come from fewer pixels instead. */
    private static final float[] QUALITIES = {0.92f, 0.85f, 0.75f, 0.6f};
    private static final double SHRINK = 0.75;
    private static final int MIN_SIDE = 64;

    /** The bytes to upload and the file extension that says what they are. */
    record Fitted(byte[] bytes, String extension) {
    }

    private UploadFit() {
    }

    static Fitted fit(byte[] png, long limit) {
        if (png.length <= limit) return new Fitted(png, "png");
        BufferedImage image = rgb(read(png));
        byte[] smallest = null;
        while (true) {
            for (float q : QUALITIES) {
                byte[] jpeg = jpeg(image, q);
                if (jpeg.length <= limit) return new Fitted(jpeg, "jpg");
                if (smallest == null || jpeg.length < smallest.length) smallest = jpeg;
            }
            int w = (int) (image.getWidth() * SHRINK);
            int h = (int) (image.getHeight() * SHRINK);
            // Discord will refuse it, and the delivery says so in the log; nothing smaller is worth seeing.
            if (Math.min(w, h) < MIN_SIDE) return new Fitted(smallest, "jpg");
            image = scaled(image, w, h);
        }
    }

    private static BufferedImage read(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) throw new IOException("not an image");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JPEG has no alpha: draw onto white, as a chat app shows a transparent picture. */
    private static BufferedImage rgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) return src;
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, src.getWidth(), src.getHeight());
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage scaled(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
