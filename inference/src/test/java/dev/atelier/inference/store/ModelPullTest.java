package dev.atelier.inference.store;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.inference.OnnxImageGenerator;
import dev.atelier.inference.store.ModelStoreException.Failure;
import dev.atelier.inference.tiny.TinyModelFolder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code pull} against a real HTTP server on loopback serving the generated tiny model. */
class ModelPullTest {

    private static final String UNET = "unet/model.onnx";

    @TempDir
    Path data;
    private ModelServer server;
    private ModelStore store;
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        server = ModelServer.serving(TinyModelFolder.path());
        store = new ModelStore(data.resolve("models"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelStore.PullOptions options() {
        return new ModelStore.PullOptions(false, 4, Duration.ofMillis(20), Duration.ofSeconds(1),
                new PrintStream(progress, true, StandardCharsets.UTF_8), false);
    }

    private String progressText() {
        return progress.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPulledModelLoadsAndGeneratesAnImage() throws Exception {
        server.withManifest();

        store.pull(server.baseUrl(), "sd", options());

        Path installed = data.resolve("models/sd");
        assertThat(installed.resolve(ModelManifest.FILE_NAME)).isRegularFile();
        assertThat(installed.resolve(UNET)).hasSameBinaryContentAs(TinyModelFolder.path().resolve(UNET));
        assertThat(data.resolve("models/.partial-sd")).doesNotExist();
        assertThat(progressText()).contains(UNET).contains("100%").contains("/s");
        try (OnnxImageGenerator generator = new OnnxImageGenerator(installed, 1)) {
            GeneratedImage image = generator.generate(ImageRequest.generate("a lighthouse",
                    new GenerationSettings(64, 64, 2, 7.5, 1, "", 0.75)), null, null);
            assertThat(image.png()).startsWith(0x89, 'P', 'N', 'G');
        }
    }

    @Test
    void aCorruptedFileFailsWithBothHashesAndNothingIsInstalledUnderTheName() throws Exception {
        // GIVEN a mirror whose VAE decoder has the right size but wrong bytes
        server.withManifest();
        byte[] corrupted = Files.readAllBytes(TinyModelFolder.path().resolve("vae_decoder/model.onnx"));
        corrupted[corrupted.length / 2] ^= 0x5a;
        server.replaced.put("vae_decoder/model.onnx", corrupted);
        String expected = Sha256.of(TinyModelFolder.path().resolve("vae_decoder/model.onnx"));

        // WHEN it is pulled
        ModelStoreException failure = catchThrowableOfType(ModelStoreException.class,
                () -> store.pull(server.baseUrl(), "sd", options()));

        // THEN the message names the file and both hashes, and no model appears under the name
        assertThat(failure.failure()).isEqualTo(Failure.INTEGRITY);
        assertThat(failure.getMessage()).contains("vae_decoder/model.onnx", "SHA-256 mismatch",
                "expected " + expected, "got ");
        assertThat(data.resolve("models/sd")).doesNotExist();
        assertThat(store.list()).isEmpty();
        assertThat(store.partialPulls()).containsExactly("sd");

        // AND once the mirror is fixed, the retry fetches only what had not checked out
        server.replaced.clear();
        long unetRequests = server.requestsFor(UNET);
        store.pull(server.baseUrl(), "sd", options());
        assertThat(server.requestsFor(UNET)).isEqualTo(unetRequests);
        assertThat(store.verify("sd")).isEmpty();
    }

    @Test
    void aConnectionDroppedHalfWayThroughAFileIsResumedWithARangeRequest() throws Exception {
        server.withManifest();
        int half = (int) Files.size(TinyModelFolder.path().resolve(UNET)) / 2;
        server.drop(UNET, half);

        store.pull(server.baseUrl(), "sd", options());

        assertResumedOnceWithin(half);
        assertThat(data.resolve("models/sd").resolve(UNET)).hasSameBinaryContentAs(TinyModelFolder.path().resolve(UNET));
        assertThat(store.verify("sd")).isEmpty();
        assertThat(progressText()).contains("retrying").contains("resuming at");
    }

    @Test
    void aDropAfterARedirectToACdnResumesWithTheRangeKept() throws Exception {
        // Hugging Face answers resolve/main/<file> of a large file with a redirect to its CDN
        server.withManifest();
        server.redirectToCdn = true;
        int half = (int) Files.size(TinyModelFolder.path().resolve(UNET)) / 2;
        server.drop(UNET, half);

        store.pull(server.baseUrl(), "sd", options());

        assertResumedOnceWithin(half);
        assertThat(store.verify("sd")).isEmpty();
    }

    /**
     * One range request that resumes where the first response broke off: after what the client
     * had received, which is at most what the server sent before it dropped the connection (a
     * connection closed under unread data may lose its last bytes on the way, so not exactly).
     */
    private void assertResumedOnceWithin(int sent) {
        assertThat(server.rangeHeaders).hasSize(1);
        String range = server.rangeHeaders.getFirst();
        assertThat(range).startsWith(UNET + " bytes=").endsWith("-");
        long from = Long.parseLong(range.substring((UNET + " bytes=").length(), range.length() - 1));
        assertThat(from).as("resumed from the bytes received, not from 0").isBetween(1L, (long) sent);
    }

    @Test
    void aLinkThatDropsMoreOftenThanTheAttemptsStillFinishesWhileEachTryGetsFurther() throws Exception {
        // 4 attempts allowed, 6 drops: only failures in a row without progress count
        server.withManifest();
        server.drop(UNET, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000);

        store.pull(server.baseUrl(), "sd", options());

        assertThat(server.rangeHeaders).hasSize(6).last().isEqualTo(UNET + " bytes=60000-");
        assertThat(store.verify("sd")).isEmpty();
    }

    @Test
    void aConnectionThatGoesSilentIsDroppedAndResumed() throws Exception {
        server.withManifest();
        server.stallOnceAfter.put(UNET, 4096);

        store.pull(server.baseUrl(), "sd", options());

        assertThat(server.rangeHeaders).containsExactly(UNET + " bytes=4096-");
        assertThat(progressText()).contains("no data for 1000 ms");
        assertThat(store.verify("sd")).isEmpty();
    }

    @Test
    void aServerThatIgnoresRangeHasTheFileFetchedFromTheStart() throws Exception {
        server.withManifest();
        server.ignoreRange = true;
        server.drop(UNET, 1000);

        store.pull(server.baseUrl(), "sd", options());

        assertThat(server.rangeHeaders).containsExactly(UNET + " bytes=1000-");
        assertThat(progressText()).contains("starting it again");
        assertThat(data.resolve("models/sd").resolve(UNET)).hasSameBinaryContentAs(TinyModelFolder.path().resolve(UNET));
        assertThat(store.verify("sd")).isEmpty();
    }

    @Test
    void withoutAManifestTheStandardFilesAreFetchedAndTheirHashesRecorded() throws Exception {
        // The tiny export has none of the optional files (external UNet weights, tokenizer.json): 404s.
        store.pull(server.baseUrl(), "sd", options());

        assertThat(server.requests).contains("unet/weights.pb", "unet/model.onnx_data", "tokenizer/tokenizer.json");
        Path installed = data.resolve("models/sd");
        assertThat(installed.resolve("unet/weights.pb")).doesNotExist();
        ModelManifest recorded = ModelManifest.read(installed.resolve(ModelManifest.FILE_NAME));
        assertThat(recorded.files()).extracting(ModelManifest.Entry::path).hasSize(10)
                .contains("model_index.json", "tokenizer/merges.txt", UNET, "vae_encoder/model.onnx");
        assertThat(recorded.files()).filteredOn(e -> e.path().equals(UNET)).singleElement()
                .extracting(ModelManifest.Entry::sha256).isEqualTo(Sha256.of(TinyModelFolder.path().resolve(UNET)));
        assertThat(store.verify("sd")).isEmpty();
        assertThat(progressText()).contains("standard SD 1.5 ONNX files");
    }

    @Test
    void aRequiredFileTheServerDoesNotHaveIsNamedWithItsUrl() {
        server.hidden.add("vae_encoder/model.onnx");

        assertThatThrownBy(() -> store.pull(server.baseUrl(), "sd", options()))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("required file vae_encoder/model.onnx not found at " + server.baseUrl() + "vae_encoder/model.onnx")
                .hasMessageContaining("HTTP 404")
                .extracting(e -> ((ModelStoreException) e).failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(data.resolve("models/sd")).doesNotExist();
    }

    @Test
    void aFailedPullIsNotResumedFromAnotherUrl() throws Exception {
        // GIVEN a pull without a manifest that failed half-way, its finished files kept
        server.hidden.add("vae_encoder/model.onnx");
        assertThatThrownBy(() -> store.pull(server.baseUrl(), "sd", options())).isInstanceOf(ModelStoreException.class);
        assertThat(store.partialPulls()).containsExactly("sd");

        // WHEN the same name is pulled from another server, serving the inpainting model
        try (ModelServer other = ModelServer.serving(TinyModelFolder.inpaintPath())) {
            store.pull(other.baseUrl(), "sd", options());
            assertThat(other.requests).contains(UNET); // fetched again, not taken from the first pull
        }

        // THEN the installed model is the second server's, and holds only the manifest's files
        Path installed = data.resolve("models/sd");
        assertThat(installed.resolve(UNET)).hasSameBinaryContentAs(TinyModelFolder.inpaintPath().resolve(UNET));
        assertThat(ModelStore.kind(installed)).isEqualTo(ModelStore.Kind.INPAINTING);
        assertThat(progressText()).contains("discarding an earlier pull from " + server.baseUrl());
        try (var walk = Files.walk(installed)) {
            assertThat(walk.filter(Files::isRegularFile).count()).isEqualTo(11); // 10 standard files + the manifest
        }
    }

    @Test
    void anInstalledModelIsReplacedOnlyWithForce() throws Exception {
        server.withManifest();
        store.pull(server.baseUrl(), "sd", options());

        assertThatThrownBy(() -> store.pull(server.baseUrl(), "sd", options()))
                .hasMessageContaining("already installed").hasMessageContaining("--force");

        store.pull(server.baseUrl(), "sd", options().force(true));
        assertThat(store.verify("sd")).isEmpty();
        try (var entries = Files.list(data.resolve("models"))) {
            // the old copy is gone; only the pull's lock file (.lock-sd, kept: see ModelStore.pull) remains beside it
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("sd", ".lock-sd");
        }
    }

    @Test
    void aSecondPullOfTheSameNameIsRefusedWhileTheFirstRuns() throws Exception {
        // GIVEN a pull held up by a silent connection
        server.withManifest();
        server.stallOnceAfter.put(UNET, 4096);
        var first = java.util.concurrent.CompletableFuture.runAsync(() -> store.pull(server.baseUrl(), "sd", options()));
        while (server.requestsFor(UNET) == 0 && !first.isDone()) Thread.sleep(10);

        // WHEN the same name is pulled again, THEN it is refused and the first one finishes
        assertThatThrownBy(() -> store.pull(server.baseUrl(), "sd", options()))
                .hasMessageContaining("another pull of sd is running");
        first.get();
        assertThat(store.verify("sd")).isEmpty();
    }

    @Test
    void aManifestThatPointsOutsideTheModelFolderIsRefused() {
        assertThatThrownBy(() -> ModelManifest.parse("""
                {"files": [{"path": "../../.bashrc", "size": 1, "sha256": "%s"}]}""".formatted("0".repeat(64))))
                .hasMessageContaining("unsafe");
    }
}
