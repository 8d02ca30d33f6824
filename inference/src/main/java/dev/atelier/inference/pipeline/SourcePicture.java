package dev.atelier.inference.pipeline;

import dev.atelier.core.image.ExifOrientation;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * An uploaded picture as the pipelines need it: the first frame (an animated GIF or WebP),
 * turned upright by its EXIF orientation, as 8-bit RGB whatever it was stored as (CMYK JPEG,
 * greyscale, 16-bit PNG, palette), with transparency laid on white as a viewer shows it.
 */
final class SourcePicture {

    private SourcePicture() {
    }

    static BufferedImage read(byte[] file, String what) {
        BufferedImage frame = firstFrame(file, what);
        return upright(toRgb(frame), ExifOrientation.of(file));
    }

    private static BufferedImage firstFrame(byte[] file, String what) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IllegalArgumentException("the " + what + " is not in a format we can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the " + what + " cannot be read", e);
        }
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) return image;
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /** EXIF orientations 2–8: mirror and/or turn, so the top of the picture is the top. */
    private static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) return image;
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = ExifOrientation.swapsSides(orientation);
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        AffineTransform t = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);      // mirrored
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);     // upside down
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);      // mirrored upside down
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);       // transposed
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);      // turned 90° clockwise to view
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);     // transversed
            default -> new AffineTransform(0, -1, 1, 0, 0, w);     // 8: turned 90° counter-clockwise
        };
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, t, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
