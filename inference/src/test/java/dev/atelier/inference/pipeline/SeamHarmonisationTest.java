package dev.atelier.inference.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SeamHarmonisationTest {

    private static final int W = 128;
    private static final int H = 64;
    /** The repainted area is the right half: x >= SEAM. */
    private static final int SEAM = 64;

    /** Grey texture around {@code level} on the left, around {@code level + offset} on the right. */
    private static RgbImage texturedWithOffset(int level, int offset) {
        Random random = new Random(1);
        int[] rgb = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = level + (x >= SEAM ? offset : 0) + random.nextInt(21) - 10;
                int r = Math.clamp(v + 10, 0, 255);
                int g = Math.clamp(v, 0, 255);
                int b = Math.clamp(v - 10, 0, 255);
                rgb[y * W + x] = r << 16 | g << 8 | b;
            }
        }
        return new RgbImage(W, H, rgb);
    }

    private static RepaintMask rightHalf() {
        boolean[] repaint = new boolean[W * H];
        for (int y = 0; y < H; y++) for (int x = SEAM; x < W; x++) repaint[y * W + x] = true;
        return new RepaintMask(W, H, repaint);
    }

    /** Mean brightness of the 4 columns just right of the seam minus that of the 4 just left. */
    private static double gapAcrossTheSeam(RgbImage image) {
        double left = 0;
        double right = 0;
        for (int y = 0; y < H; y++) {
            for (int k = 1; k <= 4; k++) {
                left += brightness(image.at(SEAM - k, y));
                right += brightness(image.at(SEAM + k - 1, y));
            }
        }
        return (right - left) / (4.0 * H);
    }

    private static double brightness(int p) {
        return (((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF)) / 3.0;
    }

    @Test
    void aBrightnessOffsetOnTheRepaintedSideIsMostlyRemovedAtTheSeam() {
        RgbImage painted = texturedWithOffset(90, 60);
        RgbImage underlay = texturedWithOffset(90, 0);
        SeamHarmonisation seam = new SeamHarmonisation(16, 3);

        RgbImage harmonised = seam.apply(painted, underlay, rightHalf());

        double before = gapAcrossTheSeam(painted);
        double after = gapAcrossTheSeam(harmonised);
        assertThat(before).isGreaterThan(55);
        assertThat(Math.abs(after)).isLessThan(before / 5);
    }

    @Test
    void keptPixelsAndRepaintedPixelsFarFromTheSeamAreNotTouched() {
        RgbImage painted = texturedWithOffset(90, 60);
        SeamHarmonisation seam = new SeamHarmonisation(16, 3);

        RgbImage harmonised = seam.apply(painted, texturedWithOffset(90, 0), rightHalf());

        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean kept = x < SEAM;
                boolean beyondTheBand = x >= SEAM + 16;
                if (kept || beyondTheBand) {
                    assertThat(harmonised.at(x, y)).as("pixel %d,%d", x, y).isEqualTo(painted.at(x, y));
                }
            }
        }
    }

    @Test
    void aColourCastIsCorrectedPerChannel() {
        RgbImage painted = texturedWithOffset(100, 0);
        int[] rgb = painted.rgb().clone();
        for (int y = 0; y < H; y++) {
            for (int x = SEAM; x < W; x++) rgb[y * W + x] = (rgb[y * W + x] & 0x00FFFF) | Math.min(255, ((rgb[y * W + x] >> 16) & 0xFF) + 50) << 16;
        }
        RgbImage reddish = new RgbImage(W, H, rgb);

        RgbImage harmonised = new SeamHarmonisation(16, 0).apply(reddish, painted, rightHalf());

        double redGapBefore = 0;
        double redGapAfter = 0;
        for (int y = 0; y < H; y++) {
            redGapBefore += ((reddish.at(SEAM, y) >> 16) & 0xFF) - ((reddish.at(SEAM - 1, y) >> 16) & 0xFF);
            redGapAfter += ((harmonised.at(SEAM, y) >> 16) & 0xFF) - ((harmonised.at(SEAM - 1, y) >> 16) & 0xFF);
        }
        assertThat(Math.abs(redGapAfter) / H).isLessThan(redGapBefore / H / 4);
    }

    @Test
    void nothingChangesWithoutASeam() {
        RgbImage painted = texturedWithOffset(90, 60);
        RgbImage same = new SeamHarmonisation(16, 3).apply(painted, painted, new RepaintMask(W, H, new boolean[W * H]));
        assertThat(same.rgb()).isEqualTo(painted.rgb());
    }

    @Test
    void theDistanceTransformCountsPixelsFromTheNearestTarget() {
        boolean[] target = new boolean[5 * 3];
        target[0] = true;
        float[] d = SeamHarmonisation.distanceTo(target, 5, 3);
        assertThat(d[0]).isZero();
        assertThat(d[4]).isEqualTo(4f);
        assertThat(d[5 + 1]).isEqualTo((float) Math.sqrt(2));
    }
}
