package dev.atelier.inference.scheduler;

/**
 * One diffusion sampling algorithm, in the shape of diffusers' scheduler contract: call
 * {@link #setTimesteps(int)} before every run, loop over {@link #timesteps()}, scale the model
 * input with {@link #scaleModelInput(float[], int)} and get the previous (less noisy) sample from
 * {@link #step(float[], int, float[])}. Latents are flat {@code float[]} in NCHW order.
 *
 * <p>Implementations are stateful (the chosen timesteps, the step index) and not thread-safe:
 * {@link SchedulerKind#create(SchedulerConfig)} makes a fresh one per job.
 */
public interface Scheduler {

    /** Chooses {@code steps} timesteps out of the training schedule and resets the step index. */
    void setTimesteps(int steps);

    /** The timesteps of the current run, noisiest first. */
    int[] timesteps();

    /** The standard deviation of the initial noise the first latents are scaled by. */
    float initNoiseSigma();

    /** The sample as the model must see it at {@code timestep}; a new array. */
    float[] scaleModelInput(float[] sample, int timestep);

    /** The previous sample, one step less noisy, given the model's output at {@code timestep}. */
    float[] step(float[] modelOutput, int timestep, float[] sample);

    /**
     * A clean sample noised to the level of {@code timestep}: how image-to-image starts part-way
     * through the schedule.
     */
    float[] addNoise(float[] original, float[] noise, int timestep);
}
