package dev.atelier.inference.pipeline;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageGenerator.CancelledException;
import dev.atelier.core.image.ImageGenerator.Cancellation;
import dev.atelier.core.image.ImageGenerator.Progress;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.inference.model.FloatTensor;
import dev.atelier.inference.model.RestorationModel;
import dev.atelier.inference.model.TextEmbedding;
import dev.atelier.inference.model.UNet;
import dev.atelier.inference.model.VaeDecoder;
import dev.atelier.inference.scheduler.DenoisedEstimate;
import dev.atelier.inference.scheduler.Scheduler;
import dev.atelier.inference.scheduler.SchedulerKind;

import java.util.Arrays;

/**
 * Inpainting with the UNet of an SD 1.5 <em>inpainting</em> export, as diffusers'
 * {@code OnnxStableDiffusionInpaintPipeline}: the UNet's {@code sample} has 9 channels, the
 * noisy latents, the mask on the latent grid and the latents of the image with the masked part
 * blanked, in that order. White in the mask is repainted; afterwards every other pixel is put
 * back exactly as it was, and the seam is harmonised on the repainted side.
 *
 * <p>Given a text-to-image model instead (4-channel UNet: no inpainting model is installed, or
 * the job named this one), it falls back to latent blending, as diffusers' legacy
 * {@code OnnxStableDiffusionInpaintPipelineLegacy} and A1111 do with ordinary checkpoints: after
 * every step the kept area's latents are replaced by the source's latents noised to the next
 * step's level, so the repainted area grows to fit what surrounds it. The seams are weaker than
 * an inpainting model's (the UNet never sees the mask), which harmonisation then softens.
 *
 * <p>Not thread-safe: the models' predictors serve one call at a time, so callers serialise jobs
 * ({@code OnnxImageGenerator} holds a lock).
 */
public final class InpaintPipeline {

    /** Channels of an inpainting UNet's sample: 4 latent + 1 mask + 4 masked-image latent. */
    public static final int UNET_CHANNELS = 9;
    private static final int VAE_SCALE = TextToImagePipeline.VAE_SCALE;
    private static final int LATENT_CHANNELS = TextToImagePipeline.LATENT_CHANNELS;
    /** Seed offset for the noise added to a partly kept start, as in {@code ImageToImagePipeline}. */
    private static final long NOISE_STREAM = 0x5DEECE66DL;

    private final DiffusionModel model;
    /** The sampler for a job whose settings name none ({@code GenerationSettings.scheduler}). */
    private final SchedulerKind schedulerKind;
    private final RestorationModel restoration;
    /** A text-to-image UNet: the latent-blending fallback instead of the mask channels. */
    private final boolean blending;

    /** Harmonises seams with {@link SeamHarmonisation}. */
    public InpaintPipeline(DiffusionModel model, SchedulerKind schedulerKind) {
        this(model, schedulerKind, null);
    }

    /**
     * @param model       an inpainting model folder (9-channel UNet) with a {@code vae_encoder}
     * @param restoration a seam-restoration network to use instead of {@link SeamHarmonisation};
     *                    null for the built-in correction. The caller owns and closes it.
     */
    public InpaintPipeline(DiffusionModel model, SchedulerKind schedulerKind, RestorationModel restoration) {
        if (model.vaeEncoder() == null) {
            throw new IllegalStateException("inpainting needs a vae_encoder in the model folder");
        }
        int channels = model.unet().sampleChannels();
        this.blending = channels == LATENT_CHANNELS;
        if (!blending && channels != UNET_CHANNELS && channels != -1) {
            throw new IllegalStateException("inpainting needs a UNet with " + UNET_CHANNELS + " (inpainting) or "
                    + LATENT_CHANNELS + " (text-to-image) input channels; this one has " + channels);
        }
        this.model = model;
        this.schedulerKind = schedulerKind;
        this.restoration = restoration;
    }

    /** Whether this runs the latent-blending fallback on a text-to-image model (see the class comment). */
    public boolean blendsLatents() {
        return blending;
    }

    public GeneratedImage run(ImageRequest request, Progress progress, Cancellation cancellation) {
        // 1. Check inputs.
        GenerationSettings s = request.settings();
        if (request.sourceImage() == null) throw new IllegalArgumentException("inpainting needs a source image");
        if (request.mask() == null) throw new IllegalArgumentException("inpainting needs a mask (white where to repaint)");
        checkSettings(s);

        // 2. The source and the mask at the output size (the source's own size unless another was asked for).
        RgbImage source = RgbImage.decode(request.sourceImage(), "source image").resized(s.width(), s.height());
        RepaintMask mask = RepaintMask.decode(request.mask(), s.width(), s.height());

        // 3. Repaint; under the mask the old picture is the start (with strength below 1) and the feather's underlay.
        RgbImage out = repaint(source, mask, request.prompt(), s, s.strength(), progress, cancellation);
        return new GeneratedImage(out.png(), out.width(), out.height(), s.seed());
    }

    /**
     * The inpainting run that {@link OutpaintPipeline} shares. {@code image} holds the kept
     * pixels, returned exactly, and under the mask the picture to start from: the old one, or
     * an outpainting's fill.
     *
     * @param strength how much of the schedule runs: 1 starts the masked area from pure noise,
     *                 less starts from {@code image} noised to the matching timestep
     */
    RgbImage repaint(RgbImage image, RepaintMask mask, String prompt, GenerationSettings s, double strength,
                     Progress progress, Cancellation cancellation) {
        // 1. Pad to whole 8-pixel blocks for the VAE; the padding is repainted, then cropped away.
        int width = roundUpToBlock(image.width());
        int height = roundUpToBlock(image.height());
        RgbImage padded = image.edgePadded(width, height);
        RepaintMask paddedMask = mask.padded(width, height);
        int latentHeight = height / VAE_SCALE;
        int latentWidth = width / VAE_SCALE;
        int plane = latentHeight * latentWidth;
        boolean guided = s.guidance() > 1.0;

        // 2. Encode the prompt (same as TextToImagePipeline).
        TextEmbedding context = Guidance.encodePrompt(model, prompt, s.negativePrompt(), guided);

        // 3. Timesteps: the last strength * steps of the schedule (same as ImageToImagePipeline).
        Scheduler scheduler = SchedulerKind.forJob(s.scheduler(), schedulerKind).create(model.schedulerConfig(), s.seed());
        scheduler.setTimesteps(s.steps());
        boolean fromNoise = strength >= 1;
        int initSteps = fromNoise ? s.steps() : Math.min((int) (s.steps() * strength), s.steps());
        int[] timesteps = Arrays.copyOfRange(scheduler.timesteps(), s.steps() - initSteps, s.steps());

        // 4. The UNet's conditioning: the mask on the latent grid, and the latents of the image with
        //    the masked pixels set to 0 (mid grey in [-1, 1]), as diffusers' masked_image.
        float[] maskCells = paddedMask.latentCells(VAE_SCALE);
        FloatTensor pixels = padded.toTensor();
        float[] blanked = pixels.data().clone();
        boolean[] repaint = paddedMask.repaint();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < repaint.length; i++) if (repaint[i]) blanked[c * repaint.length + i] = 0f;
        }
        float[] maskedLatents = blending ? null
                : scaled(model.vaeEncoder().encode(pixels.with(blanked)).data(), VaeDecoder.SD_LATENT_SCALE);

        // 5. Initial latents: noise at the starting sigma, or the image's latents noised to the first timestep.
        float[] noise = GaussianNoise.sample(fromNoise ? s.seed() : s.seed() ^ NOISE_STREAM, LATENT_CHANNELS * plane);
        float[] latents;
        float[] imageLatents = fromNoise && !blending ? null
                : scaled(model.vaeEncoder().encode(pixels).data(), VaeDecoder.SD_LATENT_SCALE);
        if (fromNoise) {
            latents = scaled(noise, scheduler.initNoiseSigma());
        } else {
            latents = imageLatents;
            if (timesteps.length > 0) latents = scheduler.addNoise(latents, noise, timesteps[0]);
        }
        if (blending) {
            return finish(blend(latents, imageLatents, noise, maskCells, timesteps, scheduler, context, s, guided,
                    latentHeight, latentWidth, image.width(), image.height(), progress, cancellation),
                    image, mask, latentHeight, latentWidth);
        }

        // 6. Denoise: only the latent channels are scaled for the model; mask and masked latents ride
        //    along. Previews as in TextToImagePipeline.
        DenoisedEstimate denoised = new DenoisedEstimate(model.schedulerConfig());
        for (int i = 0; i < timesteps.length; i++) {
            if (cancellation.requested()) throw new CancelledException();
            int t = timesteps[i];
            float[] input = new float[UNET_CHANNELS * plane];
            System.arraycopy(scheduler.scaleModelInput(latents, t), 0, input, 0, LATENT_CHANNELS * plane);
            System.arraycopy(maskCells, 0, input, LATENT_CHANNELS * plane, plane);
            System.arraycopy(maskedLatents, 0, input, (LATENT_CHANNELS + 1) * plane, LATENT_CHANNELS * plane);
            float[] predicted = Guidance.predictNoise(model, input, UNET_CHANNELS, t, context, guided, s.guidance(), latentHeight, latentWidth);
            latents = scheduler.step(predicted, t, latents);
            progress.step(i + 1, timesteps.length, () -> LatentPreview.jpeg(denoised.originalSample(input, predicted, t),
                    latentHeight, latentWidth, image.width(), image.height()));
        }

        return finish(latents, image, mask, latentHeight, latentWidth);
    }

    /** Decode, composite and harmonise: the end of both ways to repaint. */
    private RgbImage finish(float[] latents, RgbImage image, RepaintMask mask, int latentHeight, int latentWidth) {
        // 7. Decode, and crop the block padding away.
        FloatTensor decoded = model.vaeDecoder().decode(new FloatTensor(scaled(latents, 1 / VaeDecoder.SD_LATENT_SCALE),
                1, LATENT_CHANNELS, latentHeight, latentWidth));
        RgbImage painted = RgbImage.fromTensor(decoded).cropped(image.width(), image.height());

        // 8. Composite: every pixel outside the mask is the one we were given, bit for bit.
        int[] out = painted.rgb();
        for (int i = 0; i < out.length; i++) if (!mask.repaint()[i]) out[i] = image.rgb()[i];
        RgbImage composite = new RgbImage(image.width(), image.height(), out);

        // 9. Harmonise the seam on the repainted side: by the restoration network when one is
        //    configured, else by the reference-based correction.
        if (restoration == null) return SeamHarmonisation.forSize(image.width(), image.height()).apply(composite, image, mask);
        return restored(composite, mask);
    }

    /**
     * The fallback denoising loop on a text-to-image UNet: each step denoises everything, then
     * the kept cells (mask 0) take the source's latents at the next step's noise level, and at
     * the end the source's own latents, so the repainted cells are denoised in their context.
     */
    private float[] blend(float[] start, float[] imageLatents, float[] noise, float[] maskCells, int[] timesteps,
                          Scheduler scheduler, TextEmbedding context, GenerationSettings s, boolean guided,
                          int latentHeight, int latentWidth, int width, int height,
                          Progress progress, Cancellation cancellation) {
        int plane = latentHeight * latentWidth;
        DenoisedEstimate denoised = new DenoisedEstimate(model.schedulerConfig());
        float[] latents = start;
        for (int i = 0; i < timesteps.length; i++) {
            if (cancellation.requested()) throw new CancelledException();
            int t = timesteps[i];
            float[] input = scheduler.scaleModelInput(latents, t);
            float[] predicted = Guidance.predictNoise(model, input, LATENT_CHANNELS, t, context, guided, s.guidance(), latentHeight, latentWidth);
            latents = scheduler.step(predicted, t, latents);
            float[] known = i + 1 < timesteps.length ? scheduler.addNoise(imageLatents, noise, timesteps[i + 1]) : imageLatents;
            for (int c = 0; c < LATENT_CHANNELS; c++) {
                for (int j = 0; j < plane; j++) {
                    float m = maskCells[j];
                    int k = c * plane + j;
                    latents[k] = m * latents[k] + (1 - m) * known[k];
                }
            }
            progress.step(i + 1, timesteps.length, () -> LatentPreview.jpeg(denoised.originalSample(input, predicted, t),
                    latentHeight, latentWidth, width, height));
        }
        return latents;
    }

    /** The restoration network's output, with every kept pixel put back: the exact-keep guarantee wins. */
    private RgbImage restored(RgbImage composite, RepaintMask mask) {
        float[] maskPlane = new float[mask.repaint().length];
        for (int i = 0; i < maskPlane.length; i++) maskPlane[i] = mask.repaint()[i] ? 1f : 0f;
        FloatTensor out = restoration.restore(new RestorationModel.Input(composite.toTensor(),
                new FloatTensor(maskPlane, 1, 1, composite.height(), composite.width())));
        int[] rgb = RgbImage.fromTensor(out).rgb();
        for (int i = 0; i < rgb.length; i++) if (!mask.repaint()[i]) rgb[i] = composite.rgb()[i];
        return new RgbImage(composite.width(), composite.height(), rgb);
    }

    /** Any positive size: sizes that are not whole 8-pixel blocks are padded, then cropped. */
    static void checkSettings(GenerationSettings s) {
        TextToImagePipeline.checkSettings(s.withSize(roundUpToBlock(s.width()), roundUpToBlock(s.height())));
        if (!(s.strength() > 0 && s.strength() <= 1)) {
            throw new IllegalArgumentException("strength must be in (0, 1], was " + s.strength());
        }
    }

    static int roundUpToBlock(int side) {
        return (side + VAE_SCALE - 1) / VAE_SCALE * VAE_SCALE;
    }

    private static float[] scaled(float[] values, float factor) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i] * factor;
        return out;
    }
}
