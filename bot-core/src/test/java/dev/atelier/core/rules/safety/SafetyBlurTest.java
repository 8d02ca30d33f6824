package dev.atelier.core.rules.safety;

import dev.atelier.core.image.GeneratedImage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("An unsafe image's blur leaves only its colours, and the policy refuses settings that make no sense")
class SafetyBlurTest {

    @Test
    void theBlurKeepsTheSizeAndTheColoursButNoDetail() throws IOException {
        // GIVEN a 512x384 picture of noise over a left-red, right-blue split
        Random random = new Random(3);
        BufferedImage picture = new BufferedImage(512, 384, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 384; y++) {
            for (int x = 0; x < 512; x++) {
                int base = x < 256 ? 0xC00000 : 0x0000C0;
                picture.setRGB(x, y, base + random.nextInt(64) * 0x010101);
            }
        }

        // WHEN it is blurred
        GeneratedImage blurred = SafetyBlur.blur(new GeneratedImage(png(picture), 512, 384, 9));
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(blurred.png()));

        // THEN it is the same size, its pixel-to-pixel detail is gone, and its halves keep their colour
        assertThat(out.getWidth()).isEqualTo(512);
        assertThat(out.getHeight()).isEqualTo(384);
        assertThat(blurred.seed()).isEqualTo(9);
        assertThat(neighbourDifference(out)).isLessThan(neighbourDifference(picture) / 50);
        assertThat((out.getRGB(20, 190) >> 16) & 0xff).isGreaterThan(150);
        assertThat(out.getRGB(490, 190) & 0xff).isGreaterThan(150);
    }

    @Test
    void aThresholdOutsideZeroToOneOrAnUnknownActionIsRefused() {
        assertThatThrownBy(() -> new SafetyPolicy(0, SafetyAction.BLOCK)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new SafetyPolicy(50, SafetyAction.BLOCK)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> SafetyAction.byName("hide")).hasMessageContaining("blur, block, flag");
        assertThat(SafetyAction.byName(" Blur ")).isEqualTo(SafetyAction.BLUR);
        assertThat(new SafetyPolicy(0.8, SafetyAction.FLAG).unsafe(0.8)).isTrue();
        assertThat(new SafetyPolicy(0.8, SafetyAction.FLAG).unsafe(0.7999)).isFalse();
    }

    @Test
    void withoutAClassifierTheImageIsDeliveredAsItIs() {
        GeneratedImage image = new GeneratedImage(new byte[]{1, 2, 3}, 1, 1, 0);
        assertThat(ImageScreening.none().screen(null, null, "a prompt", image)).containsSame(image);
        assertThat(ImageScreening.none().enabled()).isFalse();
    }

    /** Mean absolute difference of horizontally neighbouring pixels, over the three channels. */
    private static double neighbourDifference(BufferedImage image) {
        double sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x + 1 < image.getWidth(); x++) {
                int a = image.getRGB(x, y);
                int b = image.getRGB(x + 1, y);
                for (int shift = 0; shift <= 16; shift += 8) sum += Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff));
            }
        }
        return sum / ((double) image.getHeight() * (image.getWidth() - 1));
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
