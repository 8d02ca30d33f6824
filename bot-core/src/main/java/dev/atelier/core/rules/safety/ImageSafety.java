package dev.atelier.core.rules.safety;

import dev.atelier.core.image.GeneratedImage;

/**
 * Port: an image-safety classifier that reads a finished image and says how likely it is to be
 * unsafe. The inference module runs an ONNX classifier behind it; bot-core decides what a score
 * means ({@link SafetyPolicy}) and what happens to the image ({@link ImageScreening}).
 */
public interface ImageSafety {

    /** The probability, in [0, 1], that the image belongs to the unsafe class. */
    double score(GeneratedImage image);
}
