package dev.atelier.core.turn;

/**
 * What a turn may ask for, and the defaults for what it does not say. The app builds this
 * from configuration ({@code atelier.generation.*}, {@code atelier.uploads.*}).
 */
public record TurnLimits(int defaultWidth, int defaultHeight, int minSize, int maxSize,
                         int defaultSteps, int maxSteps, double defaultGuidance, double maxGuidance,
                         double defaultStrength, int maxTextLength, long maxUploadBytes,
                         long maxUploadPixels) {

    public static TurnLimits defaults() {
        return new TurnLimits(512, 512, 64, 2048, 20, 150, 7.5, 30, 0.6, 4000,
                20L * 1024 * 1024, 4096L * 4096);
    }
}
