package dev.atelier.core.image;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutpaintCanvasTest {

    @Test
    void growingRightByHalfPutsTheSourceOnTheLeftOfA384WideCanvas() {
        assertThat(OutpaintCanvas.grow(256, 256, Direction.RIGHT, 0.5)).isEqualTo(new OutpaintCanvas(384, 256, 0, 0));
    }

    @Test
    void growingLeftOrUpPutsTheSourceAtTheFarEdge() {
        assertThat(OutpaintCanvas.grow(256, 256, Direction.LEFT, 0.5)).isEqualTo(new OutpaintCanvas(384, 256, 128, 0));
        assertThat(OutpaintCanvas.grow(256, 128, Direction.UP, 0.25)).isEqualTo(new OutpaintCanvas(256, 160, 0, 32));
        assertThat(OutpaintCanvas.grow(256, 128, Direction.DOWN, 0.25)).isEqualTo(new OutpaintCanvas(256, 160, 0, 0));
    }

    @Test
    void zoomingOutGrowsEverySideAroundTheSource() {
        assertThat(OutpaintCanvas.grow(256, 192, Direction.ALL, 0.5)).isEqualTo(new OutpaintCanvas(384, 288, 64, 48));
    }

    @Test
    void theGrownSideIsWholeBlocksOfEightAndGrowsByAtLeastOne() {
        OutpaintCanvas odd = OutpaintCanvas.grow(250, 90, Direction.RIGHT, 0.5);
        assertThat(odd.width() % 8).isZero();
        assertThat(odd.width()).isEqualTo(376);
        assertThat(odd.height()).isEqualTo(90);
        assertThat(OutpaintCanvas.grow(256, 256, Direction.RIGHT, 0.001).width()).isEqualTo(264);
    }
}
