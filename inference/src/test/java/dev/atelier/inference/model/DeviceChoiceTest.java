package dev.atelier.inference.model;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On the build's ONNX Runtime (the CPU-only artifact), as on any machine without a usable GPU. */
@DisplayName("ATELIER_DEVICE without CUDA: cpu runs, auto falls back saying why, cuda refuses to start")
class DeviceChoiceTest {

    @Test
    void cpuIsTheCpu() {
        DeviceChoice choice = DeviceChoice.resolve("cpu", 2);
        assertThat(choice.options()).isEqualTo(new RuntimeOptions(2));
        assertThat(choice.reason()).isEqualTo("device: cpu (ATELIER_DEVICE=cpu)");
    }

    @Test
    void autoFallsBackToTheCpuAndSaysWhy() {
        for (String setting : new String[]{"auto", "", null, " AUTO "}) {
            DeviceChoice choice = DeviceChoice.resolve(setting, 1);
            assertThat(choice.options().device()).isEqualTo(RuntimeOptions.Device.CPU);
            assertThat(choice.reason()).startsWith("device: cpu (ATELIER_DEVICE=auto, and CUDA cannot be used: ")
                    .contains("onnxruntime_gpu");
        }
    }

    @Test
    void cudaFailsWithTheReasonAndTheWayOut() {
        for (String setting : new String[]{"cuda", "cuda:1"}) {
            assertThatThrownBy(() -> DeviceChoice.resolve(setting, 1))
                    .isInstanceOf(DeviceChoice.UnavailableDeviceException.class)
                    .hasMessageStartingWith("ATELIER_DEVICE=cuda, but CUDA cannot be used: ")
                    .hasMessageContaining("onnxruntime_gpu").hasMessageContaining("Set ATELIER_DEVICE=cpu");
        }
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> DeviceChoice.resolve("tpu", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu, cuda, cuda:N, auto");
        assertThatThrownBy(() -> DeviceChoice.resolve("cuda:x", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
