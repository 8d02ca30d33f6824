package dev.atelier.tests.support;

import dev.atelier.inference.tiny.TinyModelGenerator;

import java.nio.file.Path;

/** The generated tiny Stable Diffusion folder, made once per build under target/. */
public final class TinyModel {

    private static Path dir;

    private TinyModel() {
    }

    public static synchronized Path dir() {
        if (dir == null) {
            Path d = Path.of(System.getProperty("atelier.test.data", "target/test-data")).toAbsolutePath().resolve("tiny-sd");
            TinyModelGenerator.writeIfMissing(d);
            dir = d;
        }
        return dir;
    }
}
