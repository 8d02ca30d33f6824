package dev.atelier.inference.tiny;

import ai.onnx.proto.OnnxMl.ModelProto;

import java.util.Map;

/**
 * The four graphs of the tiny model: Stable Diffusion's architecture family at toy widths, with
 * the input and output names, types and ranks of diffusers' ONNX export, so that the production
 * loading and pipeline code runs on them unchanged.
 */
final class TinyModels {

    /** Text embedding width (768 in SD 1.5). */
    static final int TEXT_HIDDEN = 32;
    /** CLIP's context length. */
    static final int TOKENS = 77;
    /** UNet feature channels (320 at the top of SD 1.5's UNet). */
    static final int UNET_CHANNELS = 32;
    /** Sinusoidal timestep embedding width. */
    private static final int TIME_EMBEDDING = 32;
    /** Stable Diffusion's latent channels. */
    static final int LATENT_CHANNELS = 4;
    /** An inpainting UNet's input: 4 latent + 1 mask + 4 masked-image latent channels. */
    static final int INPAINT_CHANNELS = 9;

    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;

    private TinyModels() {
    }

    /**
     * How an exporter declared the inputs that differ between exports. {@link #DIFFUSERS} is what
     * today's diffusers script writes; the others stand for older scripts and Optimum.
     *
     * @param idsType          ONNX type of {@code input_ids}
     * @param timestepType     ONNX type of {@code timestep}
     * @param timestepDims     its dimensions: none (a scalar), "batch", or a fixed 1
     * @param latentParameters whether the VAE encoder outputs Optimum's {@code latent_parameters}
     *                         (mean and log-variance, 8 channels) instead of {@code latent_sample}
     * @param half             whether float inputs and outputs are float16, as in an fp16 export
     */
    record Export(int idsType, int timestepType, Object[] timestepDims, boolean latentParameters, boolean half) {
        static final Export DIFFUSERS = new Export(INT32, FLOAT, new Object[]{"batch"}, false, false);
    }

    /**
     * CLIP text transformer: token + position embeddings, one causal self-attention and MLP
     * block, final layer norm; pooled output at the end-of-text token (the highest id, as CLIP
     * finds it with argmax).
     */
    static ModelProto textEncoder(int vocabSize, long seed, Export export) {
        TinyGraph g = new TinyGraph("tiny_clip_text", seed);
        int h = TEXT_HIDDEN;
        g.input("input_ids", export.idsType(), "batch", "sequence");
        String tokens = g.op("Gather", g.weight("token_embedding", 1.0, vocabSize, h), "input_ids");
        String length = g.op("Shape", Map.of("start", 1L, "end", 2L), "input_ids");
        String positions = g.op("Slice", g.weight("position_embedding", 0.3, TOKENS, h),
                g.longs("zero", 0), length, g.longs("axis0", 0));
        String x = g.op("Add", tokens, positions);

        // CLIP's text transformer is causal: a token sees only those before it.
        float[] causal = new float[TOKENS * TOKENS];
        for (int i = 0; i < TOKENS; i++) for (int j = i + 1; j < TOKENS; j++) causal[i * TOKENS + j] = -1e4f;
        String mask = g.op("Slice", g.floats("causal_mask", causal, TOKENS, TOKENS),
                g.longs("zeros", 0, 0), g.op("Concat", Map.of("axis", 0L), length, length), g.longs("axes01", 0, 1));

        String n1 = g.layerNorm(x, h);
        String attended = g.attention(g.project(n1, h, h, 1), g.project(n1, h, h, 1), g.project(n1, h, h, 1), h, mask);
        x = g.op("Add", x, g.project(attended, h, h, 1));
        String n2 = g.layerNorm(x, h);
        String m = g.linear(n2, h, 4 * h, 1);
        m = g.op("Mul", m, g.op("Sigmoid", g.op("Mul", m, g.scalar("quick_gelu", 1.702f)))); // CLIP's quick GELU
        x = g.op("Add", x, g.linear(m, 4 * h, h, 1));
        String last = g.op("LayerNormalization", Map.of("axis", -1L, "epsilon", 1e-5f),
                x, g.filled("final_ln_g", 1f, h), g.filled("final_ln_b", 0f, h));

        String eos = g.op("ArgMax", Map.of("axis", -1L, "keepdims", 1L),
                g.op("Cast", Map.of("to", (long) FLOAT), "input_ids"));
        String pooled = g.op("GatherND", Map.of("batch_dims", 1L), last, eos);
        g.floatOutput("last_hidden_state", last, export.half(), "batch", "sequence", (long) h);
        g.floatOutput("pooler_output", pooled, export.half(), "batch", (long) h);
        return g.model();
    }

    /**
     * Conditional UNet: conv_in plus a sinusoidal timestep embedding through an MLP, one stride-2
     * down block, a cross-attention block whose keys and values come from the text, an upsample
     * to the skip's size and a skip concat, conv_out. The noise prediction is the input plus the
     * network's output: a pure-noise latent is mostly noise, and this keeps the sampling loop
     * stable with untrained weights while the text still steers the picture.
     */
    static ModelProto unet(long seed, Export export) {
        return unet(seed, export, LATENT_CHANNELS);
    }

    /**
     * The same UNet for {@code sampleChannels} input channels: 4 for text-to-image, 9 for an
     * inpainting export (latents, mask, masked-image latents, as SD 1.5 inpainting's conv_in
     * takes them). The output always has the 4 latent channels, and the "input plus residual"
     * adds only the first 4 input channels, the noisy latents.
     */
    static ModelProto unet(long seed, Export export, int sampleChannels) {
        TinyGraph g = new TinyGraph(sampleChannels == LATENT_CHANNELS ? "tiny_unet" : "tiny_inpaint_unet", seed);
        int c = UNET_CHANNELS;
        String sample = g.floatInput("sample", export.half(), "batch", (long) sampleChannels, "height", "width");
        String latents = sampleChannels == LATENT_CHANNELS ? sample
                : g.op("Slice", sample, g.longs("start", 0), g.longs("end", LATENT_CHANNELS), g.longs("axis1", 1));
        g.input("timestep", export.timestepType(), export.timestepDims());
        String context = g.floatInput("encoder_hidden_states", export.half(), "batch", "sequence", (long) TEXT_HIDDEN);

        int half = TIME_EMBEDDING / 2;
        float[] frequencies = new float[half];
        for (int i = 0; i < half; i++) frequencies[i] = (float) Math.exp(-Math.log(10000) * i / half);
        // Whatever the export's rank, one value per row or one for all; broadcasting does the rest.
        String t = g.op("Reshape", g.op("Cast", Map.of("to", (long) FLOAT), "timestep"), g.longs("flat", -1));
        String angles = g.op("Mul", g.op("Unsqueeze", t, g.longs("axis1", 1)), g.floats("frequencies", frequencies, 1, half));
        // flip_sin_to_cos, as SD's UNet: cosines first
        String timeEmbedding = g.op("Concat", Map.of("axis", 1L), g.op("Cos", angles), g.op("Sin", angles));
        String time = g.linear(g.silu(g.linear(timeEmbedding, TIME_EMBEDDING, c, 1)), c, c, 1);
        time = g.op("Unsqueeze", time, g.longs("axes23", 2, 3));

        String h0 = g.op("Add", g.conv(sample, sampleChannels, c, 3, 1, 1), time);
        h0 = g.silu(g.channelNorm(h0, c));
        String down = g.silu(g.conv(h0, c, c, 3, 2, 1));

        // Cross-attention: image positions query the prompt's token embeddings.
        String spatial = g.op("Shape", down);
        String tokens = g.op("Transpose", Map.of("perm", new long[]{0, 2, 1}),
                g.op("Reshape", down, g.longs("flatten", 0, 0, -1)));
        String q = g.project(g.layerNorm(tokens, c), c, c, 1);
        String k = g.project(context, TEXT_HIDDEN, c, 3);
        String v = g.project(context, TEXT_HIDDEN, c, 3);
        tokens = g.op("Add", tokens, g.project(g.attention(q, k, v, c, null), c, c, 1));
        String attended = g.op("Reshape", g.op("Transpose", Map.of("perm", new long[]{0, 2, 1}), tokens), spatial);

        // Upsample to the skip's exact size, so odd latent sizes work too.
        String up = g.op("Resize", Map.of("mode", "linear"), attended, "", "", g.op("Shape", h0));
        String merged = g.silu(g.channelNorm(g.conv(g.op("Concat", Map.of("axis", 1L), up, h0), 2 * c, c, 3, 1, 1), c));
        String residual = g.conv(merged, c, 4, 3, 1, 0.5);
        g.floatOutput("out_sample", g.op("Add", latents, residual), export.half(), "batch", 4L, "height", "width");
        return g.model();
    }

    /** VAE decoder: 4 latent channels, three linear 2x upsamples (x8), 3 colour channels in (-1, 1). */
    static ModelProto vaeDecoder(long seed, Export export) {
        TinyGraph g = new TinyGraph("tiny_vae_decoder", seed);
        String latents = g.floatInput("latent_sample", export.half(), "batch", 4L, "height", "width");
        // The pipeline hands over latents divided by 0.18215 (std about 5); bring them back to about 1.
        String x = g.silu(g.conv(latents, 4, 16, 3, 1, 0.18215));
        int[] widths = {16, 12, 8};
        int in = 16;
        for (int out : widths) {
            x = g.op("Resize", Map.of("mode", "linear"), x, "", g.floats("scale2", new float[]{1, 1, 2, 2}, 4));
            x = g.silu(g.conv(x, in, out, 3, 1, 1));
            in = out;
        }
        g.floatOutput("sample", g.op("Tanh", g.conv(x, in, 3, 3, 1, 0.6)), export.half(),
                "batch", 3L, "image_height", "image_width");
        return g.model();
    }

    /** VAE encoder: 3 colour channels, three stride-2 convolutions (/8), 4 latent channels. */
    static ModelProto vaeEncoder(long seed, Export export) {
        TinyGraph g = new TinyGraph("tiny_vae_encoder", seed);
        String pixels = g.floatInput("sample", export.half(), "batch", 3L, "height", "width");
        String x = g.silu(g.conv(pixels, 3, 8, 3, 2, 1));
        x = g.silu(g.conv(x, 8, 12, 3, 2, 1));
        x = g.silu(g.conv(x, 12, 16, 3, 2, 1));
        if (export.latentParameters()) {
            g.floatOutput("latent_parameters", g.conv(x, 16, 8, 3, 1, 1), export.half(),
                    "batch", 8L, "latent_height", "latent_width");
        } else {
            g.floatOutput("latent_sample", g.conv(x, 16, 4, 3, 1, 1), export.half(),
                    "batch", 4L, "latent_height", "latent_width");
        }
        return g.model();
    }

    /**
     * A restoration network with Atelier's seam-restoration contract ({@code image}, {@code mask}
     * in; {@code restored} out): two convolutions over the image and the mask whose residual is
     * added only where the mask is 1, so kept pixels pass through unchanged.
     */
    static ModelProto restoration(long seed) {
        TinyGraph g = new TinyGraph("tiny_restoration", seed);
        g.input("image", FLOAT, "batch", 3L, "height", "width");
        g.input("mask", FLOAT, "batch", 1L, "height", "width");
        String x = g.silu(g.conv(g.op("Concat", Map.of("axis", 1L), "image", "mask"), 4, 8, 3, 1, 1));
        String residual = g.op("Tanh", g.conv(x, 8, 3, 3, 1, 0.3));
        g.floatOutput("restored", g.op("Add", "image", g.op("Mul", residual, "mask")), false,
                "batch", 3L, "height", "width");
        return g.model();
    }

    /**
     * An image-safety classifier with the interface of a Hugging Face image-classification export
     * (a ViT NSFW detector: {@code pixel_values} [batch, 3, 224, 224] normalised to [-1, 1] in,
     * {@code logits} [batch, 2] out, class 1 unsafe), whose verdict is set by the picture: the
     * unsafe logit is {@code RED_GAIN} times the mean of the red channel, the safe one 0. A red
     * picture scores near 1, a picture without red near 0, mid-grey 0.5; so a test decides
     * whether it fires by the colours it sends.
     *
     * @param inputName the input's name: {@code pixel_values}, or another to test a mismatch
     */
    static ModelProto safetyClassifier(String inputName) {
        TinyGraph g = new TinyGraph("tiny_safety_classifier", 0);
        g.input(inputName, FLOAT, "batch", 3L, 224L, 224L);
        // opset 17: ReduceMean's axes are an attribute (an input only from opset 18).
        String channelMeans = g.op("ReduceMean", Map.of("axes", new long[]{2, 3}, "keepdims", 0L), inputName);
        String weights = g.floats("safety_w", new float[]{0, RED_GAIN, 0, 0, 0, 0}, 3, 2);
        g.floatOutput("logits", g.op("Add", g.op("MatMul", channelMeans, weights), g.filled("safety_b", 0f, 2)),
                false, "batch", 2L);
        return g.model();
    }

    /** The tiny safety classifier's unsafe logit per unit of mean red (in [-1, 1]). */
    static final float RED_GAIN = 8f;
}
