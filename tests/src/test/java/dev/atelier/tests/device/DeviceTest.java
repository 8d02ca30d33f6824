package dev.atelier.tests.device;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.atelier.tests.support.RunningAtelier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** This machine has no GPU and the build's ONNX Runtime is the CPU one: what a user without CUDA sees. */
@DisplayName("ATELIER_DEVICE on a machine without CUDA")
class DeviceTest {

    @Test
    void autoStartsOnTheCpuWithOneLogLineSayingWhyAndHealthSaysCpu() {
        Logger log = (Logger) LoggerFactory.getLogger("dev.atelier.app.wiring.CoreFactory");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try (RunningAtelier atelier = RunningAtelier.onTestServers(Map.of("atelier.device", "auto"))) {
            Map<String, Object> health = atelier.api().get("/health").json();

            assertThat(health.get("status")).isEqualTo("UP");
            assertThat(health.get("device")).isEqualTo("cpu");
            assertThat(lines.list).map(ILoggingEvent::getFormattedMessage)
                    .filteredOn(m -> m.startsWith("device: "))
                    .singleElement().asString()
                    .startsWith("device: cpu (ATELIER_DEVICE=auto, and CUDA cannot be used: ")
                    .contains("onnxruntime_gpu");
        } finally {
            log.detachAppender(lines);
        }
    }

    @Test
    void cudaStopsTheStartWithAClearError() {
        assertThatThrownBy(() -> RunningAtelier.onTestServers(Map.of("atelier.device", "cuda")).close())
                .rootCause()
                .hasMessageStartingWith("ATELIER_DEVICE=cuda, but CUDA cannot be used: ")
                .hasMessageContaining("Set ATELIER_DEVICE=cpu");
    }

    @Test
    void aDeviceThatIsNoneOfThemIsRefusedAtStart() {
        assertThatThrownBy(() -> RunningAtelier.onTestServers(Map.of("atelier.device", "tpu")).close())
                .hasStackTraceContaining("must be cpu, cuda, cuda:N or auto");
    }
}
