package dev.atelier.discord;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UploadFitTest {

    @Test
    void aPictureThatFitsIsSentAsItsOwnPng() throws Exception {
        byte[] png = noise(64, 64);
        UploadFit.Fitted fitted = UploadFit.fit(png, png.length);
        assertThat(fitted.extension()).isEqualTo("png");
        assertThat(fitted.bytes()).isSameAs(png);
    }

    @Test
    void aPictureOverTheLimitBecomesAJpegThatFitsAtItsSizeWhenQualityIsEnough() throws Exception {
        byte[] png = noise(256, 256);
        UploadFit.Fitted fitted = UploadFit.fit(png, png.length / 3);
        assertThat(fitted.extension()).isEqualTo("jpg");
        assertThat(fitted.bytes().length).isLessThanOrEqualTo(png.length / 3);
        assertThat(ImageIO.read(new ByteArrayInputStream(fitted.bytes())).getWidth()).isEqualTo(256);
    }

    @Test
    void whenNoQualityIsEnoughThePictureShrinksUntilItFits() throws Exception {
        byte[] png = noise(512, 512);
        UploadFit.Fitted fitted = UploadFit.fit(png, 20_000);
        assertThat(fitted.bytes().length).isLessThanOrEqualTo(20_000);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(fitted.bytes()));
        assertThat(image.getWidth()).isLessThan(512).isEqualTo(image.getHeight());
    }

    /** Random pixels: the hardest picture to compress, so the sizes here are upper bounds. */
    private static byte[] noise(int w, int h) throws Exception {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Random random = new Random(7);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) image.setRGB(x, y, random.nextInt() | 0xFF000000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
