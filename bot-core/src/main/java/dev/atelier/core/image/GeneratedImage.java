package dev.atelier.core.image;

/** A finished image: PNG bytes and what they are. */
public record GeneratedImage(byte[] png, int width, int height, long seed) {
}
