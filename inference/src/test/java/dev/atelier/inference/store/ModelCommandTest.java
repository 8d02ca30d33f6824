package dev.atelier.inference.store;

import dev.atelier.inference.tiny.TinyModelFolder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./atelier models …} as a user types it: what it prints and the exit code it ends with. */
class ModelCommandTest {

    @TempDir
    Path data;
    private ModelServer server;
    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        server = ModelServer.serving(TinyModelFolder.path()).withManifest();
        env.put("ATELIER_DATA", data.toString());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int models(String... args) {
        out.reset();
        err.reset();
        return new ModelCommand(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, 3, Duration.ofMillis(10), Duration.ofSeconds(5)).run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listShowsEachModelsKindSizeAndCheck() {
        try (ModelServer inpainting = ModelServer.serving(TinyModelFolder.inpaintPath()).withManifest()) {
            assertThat(models("pull", server.baseUrl().toString(), "sd")).isZero();
            assertThat(models("pull", inpainting.baseUrl().toString(), "sd-inpaint")).isZero();
        }

        assertThat(models("list")).isZero();

        assertThat(stdout()).containsPattern("sd +\\d+\\.\\d KiB +text-to-image +ok")
                .containsPattern("sd-inpaint +\\d+\\.\\d KiB +inpainting +ok");
    }

    @Test
    void listMarksAnIncompletePullAndAFolderWithoutManifest() throws Exception {
        server.hidden.add("vae_encoder/model.onnx");
        assertThat(models("pull", server.baseUrl().toString(), "half")).isEqualTo(4);
        Files.createDirectories(data.resolve("models/tiny-sd"));

        assertThat(models("list")).isZero();

        assertThat(stdout()).contains("half").contains("incomplete pull")
                .containsPattern("tiny-sd .*no manifest");
    }

    @Test
    void verifyNamesATamperedFileAndFails() throws Exception {
        models("pull", server.baseUrl().toString(), "sd");
        Path unet = data.resolve("models/sd/unet/model.onnx");
        byte[] bytes = Files.readAllBytes(unet);
        bytes[100] ^= 1;
        Files.write(unet, bytes);
        Files.delete(data.resolve("models/sd/tokenizer/merges.txt"));

        assertThat(models("verify", "sd")).isEqualTo(1);

        assertThat(stdout()).contains("BAD unet/model.onnx: SHA-256 mismatch: expected ")
                .contains("BAD tokenizer/merges.txt: missing");
        assertThat(stderr()).contains("sd does not verify: 2 bad or missing file(s)");
        assertThat(models("list")).isZero();
        assertThat(stdout()).contains("BAD: tokenizer/merges.txt: missing");
    }

    @Test
    void verifyOfAnIntactModelSaysOk() {
        models("pull", server.baseUrl().toString(), "sd");

        assertThat(models("verify", "sd")).isZero();
        assertThat(stdout()).contains("sd: ok");
    }

    @Test
    void removeDeletesTheModel() {
        models("pull", server.baseUrl().toString(), "sd");

        assertThat(models("remove", "sd")).isZero();

        assertThat(data.resolve("models/sd")).doesNotExist();
        assertThat(models("verify", "sd")).isEqualTo(4);
        assertThat(stderr()).contains("no model named sd");
    }

    @Test
    void removeRefusesTheModelThatModelDirPointsAtAndNamesThatClimbOut() {
        models("pull", server.baseUrl().toString(), "sd");
        env.put("MODEL_DIR", data.resolve("models/sd").toString());

        assertThat(models("remove", "sd")).isEqualTo(7);
        assertThat(stderr()).contains("MODEL_DIR");
        assertThat(models("remove", "../sd")).isEqualTo(2);
        assertThat(models("remove", "a/b")).isEqualTo(2);
        assertThat(data.resolve("models/sd")).isDirectory();

        assertThat(models("remove", "sd", "--force")).isZero();
        assertThat(data.resolve("models/sd")).doesNotExist();
    }

    @Test
    void anUnknownCommandPrintsTheUsage() {
        assertThat(models("fetch", "x")).isEqualTo(2);
        assertThat(stderr()).contains("unknown command 'fetch'").contains("pull URL NAME");
        assertThat(models("pull", "only-a-url")).isEqualTo(2);
    }

    @Test
    void anUnreachableServerIsSaidSoAfterTheRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertThat(models("pull", "http://127.0.0.1:" + closedPort + "/org/repo/resolve/main", "sd")).isEqualTo(3);

        assertThat(stderr()).contains("cannot reach http://127.0.0.1:" + closedPort).contains("after 3 attempts").contains("connection refused")
                .contains("retrying in 10 ms").contains("nothing was installed");
        assertThat(data.resolve("models/sd")).doesNotExist();
    }

    @Test
    void aMissingRequiredFileEndsWithNotFound() {
        server.hidden.add("unet/model.onnx");
        server.withManifest(); // still lists the UNet: the mirror lost it

        assertThat(models("pull", server.baseUrl().toString(), "sd")).isEqualTo(4);
        assertThat(stderr()).contains("required file unet/model.onnx not found");
    }

    @Test
    void aCorruptedDownloadEndsWithTheIntegrityCodeAndKeepsThePartialFolder() throws Exception {
        server.replaced.put("model_index.json", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(models("pull", server.baseUrl().toString(), "sd")).isEqualTo(5);

        assertThat(stderr()).contains("model_index.json: size mismatch").contains(".partial-sd");
        assertThat(data.resolve("models/.partial-sd")).isDirectory();
        assertThat(data.resolve("models/sd")).doesNotExist();
    }

    @Test
    void pullingOverAnInstalledModelNeedsForce() {
        models("pull", server.baseUrl().toString(), "sd");

        assertThat(models("pull", server.baseUrl().toString(), "sd")).isEqualTo(7);
        assertThat(models("pull", server.baseUrl().toString(), "sd", "--force")).isZero();
        assertThat(stdout().strip()).isEqualTo(data.resolve("models/sd").toAbsolutePath().toString());
    }

    @Test
    void aFolderGivenAManifestIsServedAndPulledWithIt() throws Exception {
        // GIVEN a copy of a model folder, published with ./atelier models manifest
        Path published = data.resolve("published");
        try (var walk = Files.walk(TinyModelFolder.path())) {
            for (Path p : walk.toList()) {
                Path copy = published.resolve(TinyModelFolder.path().relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(copy);
                else Files.copy(p, copy);
            }
        }
        assertThat(models("manifest", published.toString())).isZero();
        assertThat(stdout()).contains("atelier-manifest.json: 11 files");

        // WHEN it is served and pulled
        try (ModelServer mirror = ModelServer.serving(published)) {
            assertThat(models("pull", mirror.baseUrl().toString(), "copy")).isZero();
            assertThat(mirror.requests).doesNotContain("unet/weights.pb"); // the manifest, not the standard list
        }

        // THEN the installed model has every file, README.txt too, and verifies
        assertThat(data.resolve("models/copy/README.txt")).isRegularFile();
        assertThat(models("verify", "copy")).isZero();
    }
}
