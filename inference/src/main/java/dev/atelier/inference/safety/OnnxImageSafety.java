package dev.atelier.inference.safety;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.rules.safety.ImageSafety;
import dev.atelier.inference.model.FloatTensor;
import dev.atelier.inference.model.RuntimeOptions;
import dev.atelier.inference.model.SafetyClassifier;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * bot-core's {@link ImageSafety} port on an ONNX image classifier run by DJL on ONNX Runtime.
 * Preprocessing is a Hugging Face image processor's: the picture is resized (stretched, bilinear)
 * to the classifier's input size, scaled to [0, 1], then normalised per channel with the
 * configured mean and standard deviation (0.5 and 0.5 for ViT exports; ImageNet's
 * 0.485/0.456/0.406 and 0.229/0.224/0.225 for most CNNs).
 */
public final class OnnxImageSafety implements ImageSafety, AutoCloseable {

    /**
     * @param spec the classifier's input name, fallback size and unsafe class
     * @param mean per-channel mean (R, G, B) subtracted after scaling to [0, 1]
     * @param std  per-channel standard deviation divided by
     */
    public record Preprocessing(SafetyClassifier.Spec spec, float[] mean, float[] std) {
        public Preprocessing {
            if (mean.length != 3 || std.length != 3) throw new IllegalArgumentException("mean and std take 3 values (R, G, B)");
            for (float s : std) if (!(s > 0)) throw new IllegalArgumentException("std values must be positive");
        }
    }

    private final SafetyClassifier classifier;
    private final float[] mean;
    private final float[] std;
    // A predictor is not for two threads at once; classifying is short next to generating.
    private final ReentrantLock lock = new ReentrantLock();

    private OnnxImageSafety(SafetyClassifier classifier, float[] mean, float[] std) {
        this.classifier = classifier;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Loads and checks the classifier now: a model that does not fit fails here, at start. */
    public static OnnxImageSafety load(Path model, Preprocessing preprocessing, int intraOpThreads) {
        return new OnnxImageSafety(SafetyClassifier.load(model, preprocessing.spec(), new RuntimeOptions(intraOpThreads)),
                preprocessing.mean(), preprocessing.std());
    }

    @Override
    public double score(GeneratedImage image) {
        FloatTensor pixels = pixels(image.png());
        lock.lock();
        try {
            return classifier.score(pixels);
        } finally {
            lock.unlock();
        }
    }

    /** The picture as the classifier takes it: [1, 3, h, w], normalised. */
    FloatTensor pixels(byte[] png) {
        BufferedImage source;
        try {
            source = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (source == null) throw new IllegalArgumentException("the safety check got bytes that are not an image");
        int w = classifier.width();
        int h = classifier.height();
        BufferedImage resized = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        int plane = w * h;
        int[] rgb = resized.getRGB(0, 0, w, h, null, 0, w);
        float[] d = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            d[i] = (((p >> 16) & 0xff) / 255f - mean[0]) / std[0];
            d[plane + i] = (((p >> 8) & 0xff) / 255f - mean[1]) / std[1];
            d[2 * plane + i] = ((p & 0xff) / 255f - mean[2]) / std[2];
        }
        return new FloatTensor(d, 1, 3, h, w);
    }

    @Override
    public void close() {
        classifier.close();
    }
}
