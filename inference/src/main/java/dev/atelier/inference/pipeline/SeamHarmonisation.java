package dev.atelier.inference.pipeline;

/**
 * Hides the seam between repainted and kept pixels after an in- or outpainting: the reference-
 * based stand-in for LLMGA's DiffRIR, which is a trained network we do not ship.
 *
 * <ol>
 *   <li>Colour transfer in the seam band: per channel, the repainted pixels near the seam are
 *       shifted and scaled so their mean and standard deviation match the kept pixels on the
 *       other side of the seam. The correction is full at the seam and fades linearly to nothing
 *       at {@link #band} pixels inside the repainted area, so the model's picture is left as it
 *       painted it away from the seam.</li>
 *   <li>Feathering: the first {@link #feather} repainted pixels blend from the underlay (the
 *       original pixels of an inpainting, the blurred fill of an outpainting) into the
 *       corrected painting, so no hard line is left where the two meet.</li>
 * </ol>
 *
 * Kept pixels are never changed: the exact-keep guarantee of in/outpainting wins, so all of the
 * correction happens on the repainted side.
 *
 * @param band    how deep into the repainted area the colour correction reaches, in pixels; the
 *                statistics are measured within this distance on both sides
 * @param feather how many repainted pixels the blend from the underlay spans
 */
record SeamHarmonisation(int band, int feather) {

    /** A standard deviation below this (on 0..255) is a flat region: scaling it would amplify noise. */
    private static final double FLAT = 2.0;
    /** Contrast is matched within this factor either way; more would turn texture into noise. */
    private static final double MAX_GAIN = 2.0;

    SeamHarmonisation {
        if (band < 1 || feather < 0) throw new IllegalArgumentException("band must be positive, feather not negative");
    }

    /** Band and feather that scale with the picture: an eighth and a fortieth of its short side. */
    static SeamHarmonisation forSize(int width, int height) {
        int side = Math.min(width, height);
        return new SeamHarmonisation(Math.clamp(side / 8, 8, 64), Math.clamp(side / 40, 2, 12));
    }

    RgbImage apply(RgbImage image, RgbImage underlay, RepaintMask mask) {
        int w = image.width();
        int h = image.height();
        boolean[] repaint = mask.repaint();
        boolean[] kept = new boolean[repaint.length];
        boolean anyKept = false;
        for (int i = 0; i < kept.length; i++) {
            kept[i] = !repaint[i];
            anyKept |= kept[i];
        }
        if (!anyKept || !mask.any()) return image; // no seam
        float[] intoRepaint = distanceTo(kept, w, h);
        float[] intoKept = distanceTo(repaint, w, h);

        // 1. Per-channel statistics on both sides of the seam, within the band.
        double[][] keptStats = statistics(image.rgb(), kept, intoKept);
        double[][] repaintStats = statistics(image.rgb(), repaint, intoRepaint);

        int[] out = image.rgb().clone();
        for (int i = 0; i < out.length; i++) {
            if (!repaint[i] || intoRepaint[i] > band) continue;
            float d = intoRepaint[i];
            double weight = 1 - (d - 1) / band;
            int p = out[i];
            int q = underlay.rgb()[i];
            int result = 0;
            for (int c = 0; c < 3; c++) {
                int shift = 16 - 8 * c;
                double v = (p >> shift) & 0xFF;
                // 2. Colour transfer, fading with depth.
                double corrected = transfer(v, repaintStats[c], keptStats[c]);
                double value = v + weight * (corrected - v);
                // 3. Feather from the underlay across the first pixels of the repainted side.
                if (d <= feather) {
                    double t = d / (feather + 1.0);
                    value = t * value + (1 - t) * ((q >> shift) & 0xFF);
                }
                result |= (int) Math.clamp(Math.round(value), 0, 255) << shift;
            }
            out[i] = result;
        }
        return new RgbImage(w, h, out);
    }

    private static double transfer(double v, double[] from, double[] to) {
        double gain = from[1] < FLAT || to[1] < FLAT ? 1 : Math.clamp(to[1] / from[1], 1 / MAX_GAIN, MAX_GAIN);
        return (v - from[0]) * gain + to[0];
    }

    /** Mean and standard deviation per channel of the pixels of {@code side} within the band. */
    private double[][] statistics(int[] rgb, boolean[] side, float[] depth) {
        double[] sum = new double[3];
        double[] squares = new double[3];
        long n = 0;
        for (int i = 0; i < rgb.length; i++) {
            if (!side[i] || depth[i] > band) continue;
            n++;
            for (int c = 0; c < 3; c++) {
                double v = (rgb[i] >> (16 - 8 * c)) & 0xFF;
                sum[c] += v;
                squares[c] += v * v;
            }
        }
        double[][] stats = new double[3][2];
        for (int c = 0; c < 3; c++) {
            double mean = n == 0 ? 0 : sum[c] / n;
            stats[c][0] = mean;
            stats[c][1] = n == 0 ? 0 : Math.sqrt(Math.max(0, squares[c] / n - mean * mean));
        }
        return stats;
    }

    /**
     * Distance from every pixel to the nearest {@code target} pixel (0 on one), by the two-pass
     * chamfer transform with steps 1 and √2: within a few percent of Euclidean, in linear time.
     */
    static float[] distanceTo(boolean[] target, int w, int h) {
        final float far = Float.MAX_VALUE / 4;
        final float diagonal = (float) Math.sqrt(2);
        float[] d = new float[w * h];
        for (int i = 0; i < d.length; i++) d[i] = target[i] ? 0 : far;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (x > 0) d[i] = Math.min(d[i], d[i - 1] + 1);
                if (y > 0) {
                    d[i] = Math.min(d[i], d[i - w] + 1);
                    if (x > 0) d[i] = Math.min(d[i], d[i - w - 1] + diagonal);
                    if (x < w - 1) d[i] = Math.min(d[i], d[i - w + 1] + diagonal);
                }
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1; x >= 0; x--) {
                int i = y * w + x;
                if (x < w - 1) d[i] = Math.min(d[i], d[i + 1] + 1);
                if (y < h - 1) {
                    d[i] = Math.min(d[i], d[i + w] + 1);
                    if (x < w - 1) d[i] = Math.min(d[i], d[i + w + 1] + diagonal);
                    if (x > 0) d[i] = Math.min(d[i], d[i + w - 1] + diagonal);
                }
            }
        }
        return d;
    }
}
