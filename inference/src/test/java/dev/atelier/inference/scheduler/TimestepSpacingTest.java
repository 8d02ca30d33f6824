package dev.atelier.inference.scheduler;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code timestep_spacing} as diffusers' schedulers define it (Table 2 of Lin et al., 2023,
 * "Common Diffusion Noise Schedules and Sample Steps are Flawed"), written out here for 1000
 * training steps and 20 inference steps.
 */
class TimestepSpacingTest {

    private static final SchedulerConfig SD15 = SchedulerConfig.STABLE_DIFFUSION_1_5;

    /** numpy's linspace(0, 999, num)[::-1] rounded half to even, the way np.round does. */
    private static int[] linspaceDescending(int num, int keep) {
        double step = 999.0 / (num - 1);
        int[] out = new int[keep];
        for (int i = 0; i < keep; i++) out[i] = (int) Math.rint((num - 1 - i) * step);
        return out;
    }

    @Test
    void aConfigThatNamesNoSpacingGetsEachSchedulersOwnDefaultAsDiffusersFromConfigDoes() {
        // DDIM and LCM default to "leading", Euler, Euler a and DPM-Solver to "linspace".
        Scheduler ddim = SchedulerKind.DDIM.create(SD15);
        ddim.setTimesteps(20);
        assertThat(ddim.timesteps()[0]).isEqualTo(951); // 19 * 50 + steps_offset 1
        for (SchedulerKind kind : new SchedulerKind[]{SchedulerKind.EULER, SchedulerKind.EULER_ANCESTRAL}) {
            Scheduler s = kind.create(SD15);
            s.setTimesteps(20);
            assertThat(s.timesteps()).as(kind.name()).containsExactly(linspaceDescending(20, 20));
        }
    }

    @Test
    void eulerFamilyLinspaceLeadingAndTrailingMatchTheirDefinitions() {
        // linspace: 999, 946.42 -> 946, 893.84 -> 894, ..., 0
        int[] linspace = linspaceDescending(20, 20);
        assertThat(linspace).startsWith(999, 946, 894, 841).endsWith(53, 0);
        // leading: (19 - i) * (1000 // 20) + steps_offset; trailing: round(1000 - i * 1000/20) - 1
        int[] leading = new int[20];
        int[] trailing = new int[20];
        for (int i = 0; i < 20; i++) {
            leading[i] = (19 - i) * 50 + 1;
            trailing[i] = 1000 - 50 * i - 1;
        }
        for (SchedulerKind kind : new SchedulerKind[]{SchedulerKind.EULER, SchedulerKind.EULER_ANCESTRAL, SchedulerKind.DDIM}) {
            assertThat(timesteps(kind, "linspace")).as(kind + " linspace").containsExactly(linspace);
            assertThat(timesteps(kind, "leading")).as(kind + " leading").containsExactly(leading);
            assertThat(timesteps(kind, "trailing")).as(kind + " trailing").containsExactly(trailing);
        }
    }

    @Test
    void dpmSolverSpacesStepsPlusOnePointsAndDropsTheLast() {
        // linspace: np.linspace(0, 999, 21).round()[::-1][:-1] = 999, 949, 899, ..., 500 (499.5 to even), ..., 50
        int[] linspace = linspaceDescending(21, 20);
        assertThat(linspace).startsWith(999, 949, 899).contains(500).endsWith(100, 50);
        assertThat(timesteps(SchedulerKind.DPM_PLUS_PLUS_2M, "linspace")).containsExactly(linspace);
        assertThat(timesteps(SchedulerKind.DPM_PLUS_PLUS_2M, SchedulerConfig.SCHEDULER_DEFAULT)).containsExactly(linspace);
        // leading: ratio 1000 // 21 = 47, timesteps (20 - i) * 47 + steps_offset
        int[] leading = new int[20];
        for (int i = 0; i < 20; i++) leading[i] = (20 - i) * 47 + 1;
        assertThat(timesteps(SchedulerKind.DPM_PLUS_PLUS_2M, "leading")).containsExactly(leading);
        // trailing: np.arange(1000, 0, -50) - 1
        assertThat(timesteps(SchedulerKind.DPM_PLUS_PLUS_2M, "trailing")).startsWith(999, 949).endsWith(99, 49);
    }

    @Test
    void lcmIgnoresSpacingAndUsesItsDistillationSchedule() {
        for (String spacing : new String[]{"leading", "trailing", "linspace"}) {
            assertThat(timesteps(SchedulerKind.LCM, spacing)).containsExactly(timesteps(SchedulerKind.LCM, "leading"));
        }
    }

    @Test
    void anUnknownSpacingIsRefusedWhenTheConfigIsMade() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SD15.withTimestepSpacing("karras"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestep_spacing");
    }

    private static int[] timesteps(SchedulerKind kind, String spacing) {
        Scheduler s = kind.create(SD15.withTimestepSpacing(spacing));
        s.setTimesteps(20);
        return s.timesteps();
    }
}
