package dev.atelier.inference.pipeline;

/**
 * Which pixels an in- or outpainting repaints ({@code true}) and which it keeps. As in diffusers'
 * {@code prepare_mask_and_masked_image}, a mask file is white where to repaint: its grey level is
 * binarised at one half, so a soft brush edge is either in or out, never half kept.
 */
record RepaintMask(int width, int height, boolean[] repaint) {

    RepaintMask {
        if (repaint.length != width * height) throw new IllegalArgumentException("mask size mismatch");
    }

    /** A mask file (white = repaint), resized with nearest neighbour to {@code w x h}. */
    static RepaintMask decode(byte[] file, int w, int h) {
        RgbImage image = RgbImage.decode(file, "mask");
        boolean[] out = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(image.height() - 1, (int) ((y + 0.5) * image.height() / h));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(image.width() - 1, (int) ((x + 0.5) * image.width() / w));
                int p = image.at(sx, sy);
                double grey = 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
                out[y * w + x] = grey >= 127.5;
            }
        }
        return new RepaintMask(w, h, out);
    }

    boolean any() {
        for (boolean b : repaint) if (b) return true;
        return false;
    }

    /** Grown to {@code w x h}; the added pixels are repainted (they are cropped away afterwards). */
    RepaintMask padded(int w, int h) {
        if (w == width && h == height) return this;
        boolean[] out = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) out[y * w + x] = x >= width || y >= height || repaint[y * width + x];
        }
        return new RepaintMask(w, h, out);
    }

    /**
     * The mask on the latent grid, 1 or 0 per cell, [1, 1, h/scale, w/scale] flat. diffusers
     * samples the cell's centre pixel (nearest resize); we mark a cell when any of its pixels is
     * repainted, so a brush stroke thinner than a cell still reaches the UNet instead of being
     * pasted over a region the model was told to keep.
     */
    float[] latentCells(int scale) {
        int lw = width / scale;
        int lh = height / scale;
        float[] out = new float[lw * lh];
        for (int y = 0; y < height && y / scale < lh; y++) {
            for (int x = 0; x < width && x / scale < lw; x++) {
                if (repaint[y * width + x]) out[(y / scale) * lw + x / scale] = 1f;
            }
        }
        return out;
    }
}
