package dev.atelier.inference.model;

/**
 * A batch of images or latents in NCHW order, flat: what passes between the models and the
 * scheduler, which does its arithmetic on plain {@code float[]}.
 */
public record FloatTensor(float[] data, int batch, int channels, int height, int width) {
    public FloatTensor {
        if ((long) batch * channels * height * width != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " values, shape says "
                    + batch + "x" + channels + "x" + height + "x" + width);
        }
    }

    public long[] shape() {
        return new long[]{batch, channels, height, width};
    }

    public int planeSize() {
        return height * width;
    }

    /** The same shape holding other values. */
    public FloatTensor with(float[] values) {
        return new FloatTensor(values, batch, channels, height, width);
    }
}
