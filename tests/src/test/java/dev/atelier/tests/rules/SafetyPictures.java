package dev.atelier.tests.rules;

import dev.atelier.tests.support.Api;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Pictures for the image-safety tests. The tiny classifier scores the mean of the red channel, and
 * an inpainting keeps every pixel outside its mask, so an uploaded picture decides whether the
 * check fires: a red one fires, one without red does not. They are fine checkerboards, so a blur
 * shows as lost high-frequency energy.
 */
final class SafetyPictures {

    static final int SIZE = 64;

    private SafetyPictures() {
    }

    /** Red and white in a one-pixel checkerboard: the red channel is full everywhere. */
    static BufferedImage redChecker() {
        return checker(0xFF0000, 0xFFFFFF);
    }

    /** Black and cyan in a one-pixel checkerboard: no red anywhere. */
    static BufferedImage cyanChecker() {
        return checker(0x000000, 0x00FFFF);
    }

    /** A small square in the middle to repaint; the rest is kept exactly. */
    static BufferedImage mask() {
        BufferedImage mask = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int y = 28; y < 36; y++) for (int x = 28; x < 36; x++) mask.setRGB(x, y, 0xFFFFFF);
        return mask;
    }

    static boolean kept(int x, int y) {
        return x < 28 || x >= 36 || y < 28 || y >= 36;
    }

    static Api.FilePart png(String name, BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Api.FilePart(name + ".png", "image/png", out.toByteArray());
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Mean squared difference between horizontally and vertically neighbouring pixels, over the
     * three channels: what a blur takes away first.
     */
    static double highFrequencyEnergy(BufferedImage image) {
        double sum = 0;
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (x + 1 < image.getWidth()) {
                    sum += squaredDifference(p, image.getRGB(x + 1, y));
                    n++;
                }
                if (y + 1 < image.getHeight()) {
                    sum += squaredDifference(p, image.getRGB(x, y + 1));
                    n++;
                }
            }
        }
        return sum / n;
    }

    private static double squaredDifference(int a, int b) {
        double s = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            int d = ((a >> shift) & 0xff) - ((b >> shift) & 0xff);
            s += d * d;
        }
        return s;
    }

    private static BufferedImage checker(int a, int b) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIZE; y++) for (int x = 0; x < SIZE; x++) image.setRGB(x, y, (x + y) % 2 == 0 ? a : b);
        return image;
    }
}
