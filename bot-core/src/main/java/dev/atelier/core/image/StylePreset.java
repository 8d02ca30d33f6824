package dev.atelier.core.image;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A named look: words added to the end of every generation prompt of a job and words added to
 * its negative prompt. The set is built in, rather than configured, so that a style name means
 * the same thing on every Atelier and in every stored job that names it.
 *
 * @param name     what a user types after {@code --style}, lower case
 * @param words    appended to each prompt the model wrote; the end of a CLIP prompt weighs least,
 *                 so the subject the model wrote keeps the lead
 * @param negative appended to the user's negative prompt
 */
public record StylePreset(String name, String words, String negative) {

    public static final List<StylePreset> ALL = List.of(
            new StylePreset("photo", "photograph, natural light, sharp focus, 35mm, highly detailed",
                    "painting, drawing, illustration, cartoon, anime, render"),
            new StylePreset("cinematic", "cinematic still, dramatic lighting, shallow depth of field, film grain, color graded",
                    "cartoon, flat lighting, amateur, snapshot"),
            new StylePreset("anime", "anime style, cel shading, vibrant colors, clean line art",
                    "photo, photorealistic, realistic, 3d render"),
            new StylePreset("watercolor", "watercolor painting, soft washes, paper texture, bleeding edges",
                    "photo, photorealistic, 3d render, hard edges"),
            new StylePreset("oil-painting", "oil painting, visible brush strokes, canvas texture, rich colors",
                    "photo, photorealistic, 3d render, flat colors"),
            new StylePreset("pixel-art", "pixel art, 16-bit, limited palette, crisp pixels",
                    "blurry, smooth gradients, photorealistic, anti-aliasing"),
            new StylePreset("3d-render", "3d render, octane render, global illumination, subsurface scattering",
                    "drawing, sketch, painting, flat, 2d"),
            new StylePreset("line-art", "line art, black ink on white, clean outlines, minimalist",
                    "color, shading, photo, gradients"));

    /** The names, comma separated, for the message that refuses an unknown one. */
    public static String names() {
        return ALL.stream().map(StylePreset::name).collect(Collectors.joining(", "));
    }

    /** The preset of that name, ignoring case and surrounding blanks. */
    public static Optional<StylePreset> find(String name) {
        if (name == null) return Optional.empty();
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(s -> s.name().equals(wanted)).findFirst();
    }

    /**
     * The prompt with this style's words at its end. A prompt that ends with them already (a
     * job run again after a crash reuses its stored, styled prompts) is left as it is.
     */
    public String applyTo(String prompt) {
        String p = prompt == null ? "" : prompt.strip();
        if (p.endsWith(words)) return p;
        if (p.isEmpty()) return words;
        return (p.endsWith(",") ? p : p + ",") + " " + words;
    }

    /** The prompt as the model wrote it, before {@link #applyTo} added this style's words. */
    public String removeFrom(String styled) {
        if (styled == null || !styled.endsWith(words)) return styled;
        String p = styled.substring(0, styled.length() - words.length()).stripTrailing();
        return p.endsWith(",") ? p.substring(0, p.length() - 1).stripTrailing() : p;
    }

    /** The user's negative prompt with this style's negative words added. */
    public String negativeWith(String userNegative) {
        String n = userNegative == null ? "" : userNegative.strip();
        return n.isEmpty() ? negative : n + ", " + negative;
    }
}
