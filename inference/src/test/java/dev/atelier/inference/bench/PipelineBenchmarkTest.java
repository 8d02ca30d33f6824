package dev.atelier.inference.bench;

import dev.atelier.inference.model.RuntimeOptions;
import dev.atelier.inference.pipeline.DiffusionModel;
import dev.atelier.inference.tiny.TinyModelFolder;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmark's plumbing, not its timings: options, one measured row on the tiny model. */
class PipelineBenchmarkTest {

    @Test
    void withoutOptionsItTimesTheTinyModelAt256And512() {
        PipelineBenchmark.Options o = PipelineBenchmark.Options.parse("pipeline");
        assertThat(o.model()).isNull();
        assertThat(o.sizes()).containsExactly(256, 512);
        assertThat(o.steps()).isEqualTo(20);
    }

    @Test
    void modelSizesStepsAndRepeatsCanBeChosen() {
        PipelineBenchmark.Options o = PipelineBenchmark.Options.parse(
                "pipeline", "--model", "/models/sd15", "--sizes", "512, 768", "--steps", "4", "--repeats", "2");
        assertThat(o.model()).isEqualTo(Path.of("/models/sd15"));
        assertThat(o.sizes()).isEqualTo(List.of(512, 768));
        assertThat(o.steps()).isEqualTo(4);
        assertThat(o.repeats()).isEqualTo(2);
    }

    @Test
    void unknownOptionsAndSizesThatAreNotMultiplesOf8AreRefused() {
        assertThatThrownBy(() -> PipelineBenchmark.Options.parse("--fast")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> PipelineBenchmark.Options.parse("--sizes", "100")).hasMessageContaining("multiples of 8");
        assertThatThrownBy(() -> PipelineBenchmark.Options.parse("--model")).hasMessageContaining("needs a value");
    }

    @Test
    void aMeasuredRowHasEveryFigureAndThePeakResidentMemory() {
        try (DiffusionModel model = DiffusionModel.load(TinyModelFolder.path(), new RuntimeOptions(1))) {
            PipelineBenchmark.Figures f = PipelineBenchmark.measure(model, 64,
                    PipelineBenchmark.Options.parse("--sizes", "64", "--steps", "2", "--repeats", "1"));
            assertThat(List.of(f.textEncoding(), f.unetBatch1(), f.unetBatch2(), f.vaeDecode(), f.generation()))
                    .allMatch(ms -> ms > 0);
            assertThat(f.peakResidentKib()).isGreaterThan(0);
            assertThat(PipelineBenchmark.row(f)).startsWith("64x64").contains(" ms").contains("MiB");
        }
    }
}
