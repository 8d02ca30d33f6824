package dev.atelier.inference.tiny;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The tiny model, generated once per test JVM under {@code target/test-data} and shared by the
 * test classes. The folder is per process (a stale model from older generator code is never
 * reused) and removed when the JVM exits.
 */
public final class TinyModelFolder {

    private static Path folder;
    private static Path inpaintFolder;
    private static Path restorationFolder;

    private TinyModelFolder() {
    }

    public static synchronized Path path() {
        if (folder == null) {
            Path base = Path.of(System.getProperty("atelier.test.data", "target/test-data"));
            Path dir = base.resolve("tiny-sd-" + ProcessHandle.current().pid());
            TinyModelGenerator.writeIfMissing(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            folder = dir;
        }
        return folder;
    }

    /** The tiny inpainting model (9-channel UNet), made and removed the same way. */
    public static synchronized Path inpaintPath() {
        if (inpaintFolder == null) {
            Path base = Path.of(System.getProperty("atelier.test.data", "target/test-data"));
            Path dir = base.resolve("tiny-sd-inpaint-" + ProcessHandle.current().pid());
            TinyModelGenerator.writeInpaintIfMissing(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            inpaintFolder = dir;
        }
        return inpaintFolder;
    }

    /** The tiny seam-restoration network's folder. */
    public static synchronized Path restorationPath() {
        if (restorationFolder == null) {
            Path base = Path.of(System.getProperty("atelier.test.data", "target/test-data"));
            Path dir = base.resolve("tiny-restoration-" + ProcessHandle.current().pid());
            TinyModelGenerator.writeRestorationIfMissing(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            restorationFolder = dir;
        }
        return restorationFolder;
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
