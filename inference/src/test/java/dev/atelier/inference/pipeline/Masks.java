package dev.atelier.inference.pipeline;

/** Masks for tests outside this package. */
public final class Masks {

    private Masks() {
    }

    /** A PNG mask: white (repaint) inside the rectangle, black elsewhere. */
    public static byte[] rectangle(int width, int height, int x0, int y0, int x1, int y1) {
        return InpaintPipelineTest.mask(width, height, x0, y0, x1, y1);
    }
}
