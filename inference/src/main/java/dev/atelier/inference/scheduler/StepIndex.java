package dev.atelier.inference.scheduler;

/**
 * Where a run stands in its timesteps. Multistep and stochastic samplers count steps rather than
 * look each timestep up, because their timestep lists may repeat a value (Karras sigmas rounded to
 * integer timesteps repeat near t = 0 at 50 steps) and because a multistep solver must know which
 * previous outputs belong to the run. The first call finds its place by timestep, so a run may
 * start part-way through the schedule, as image-to-image does.
 */
final class StepIndex {

    private final int[] timesteps;
    private int index = -1;

    StepIndex(int[] timesteps) {
        this.timesteps = timesteps;
    }

    /** The index of the step at {@code timestep}; the first call decides where the run starts. */
    int at(int timestep) {
        if (timesteps.length == 0) throw new IllegalStateException("call setTimesteps first");
        if (index < 0) index = firstIndex(timestep);
        if (index >= timesteps.length) throw new IllegalStateException("the run has no steps left");
        if (timesteps[index] != timestep) {
            throw new IllegalArgumentException("expected timestep " + timesteps[index] + " at step " + index
                    + ", got " + timestep + "; steps must follow timesteps() in order");
        }
        return index;
    }

    /** Moves past the step just taken. */
    void advance() {
        index++;
    }

    boolean isLast(int i) {
        return i == timesteps.length - 1;
    }

    /**
     * As diffusers' {@code index_for_timestep}: the second occurrence of a repeated timestep, so
     * a run that starts in the middle does not skip a sigma.
     */
    private int firstIndex(int timestep) {
        int first = -1;
        for (int i = 0; i < timesteps.length; i++) {
            if (timesteps[i] != timestep) continue;
            if (first >= 0) return i;
            first = i;
        }
        if (first < 0) throw new IllegalArgumentException("timestep " + timestep + " is not in this run");
        return first;
    }
}
