package dev.atelier.inference.pipeline;

import dev.atelier.inference.model.FloatTensor;
import dev.atelier.inference.model.TextEmbedding;
import dev.atelier.inference.model.UNet;

/**
 * Classifier-free guidance, shared by every pipeline. With guidance the text encoder embeds
 * [unconditional (negative), conditional] and the UNet sees the latents twice in one batch, once
 * with each; the prediction is then pushed away from the first towards the second by
 * {@code uncond + g * (cond - uncond)}, as diffusers' pipelines do.
 */
final class Guidance {

    private Guidance() {
    }

    /** The embeddings [unconditional, conditional] with guidance, or [conditional] without. */
    static TextEmbedding encodePrompt(DiffusionModel model, String prompt, String negativePrompt, boolean guided) {
        int[] cond = model.tokenizer().encode(prompt);
        if (!guided) return model.textEncoder().encode(new int[][]{cond});
        int[] uncond = model.tokenizer().encode(negativePrompt);
        return model.textEncoder().encode(new int[][]{uncond, cond});
    }

    /**
     * The UNet's noise prediction for {@code input} ({@code channels} x height x width: 4 latent
     * channels, or 9 for an inpainting UNet), guided; the prediction has the 4 latent channels.
     */
    static float[] predictNoise(DiffusionModel model, float[] input, int channels, int t, TextEmbedding context,
                                boolean guided, double guidance, int height, int width) {
        int n = input.length;
        if (!guided) {
            return model.unet().predictNoise(new UNet.Input(
                    new FloatTensor(input, 1, channels, height, width), t, context)).data();
        }
        float[] doubled = new float[2 * n];
        System.arraycopy(input, 0, doubled, 0, n);
        System.arraycopy(input, 0, doubled, n, n);
        float[] both = model.unet().predictNoise(new UNet.Input(
                new FloatTensor(doubled, 2, channels, height, width), t, context)).data();
        int m = both.length / 2;
        float[] out = new float[m];
        for (int i = 0; i < m; i++) out[i] = (float) (both[i] + guidance * (both[m + i] - both[i]));
        return out;
    }
}
