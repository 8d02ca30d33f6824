package dev.atelier.inference.model;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

import java.util.Locale;
import java.util.Optional;

/**
 * Where the models run, from {@code ATELIER_DEVICE}: {@code cpu}; {@code cuda} (ONNX Runtime's
 * CUDA execution provider, or Atelier does not start); {@code auto} (CUDA when it works, else
 * the CPU, saying why). CUDA needs the GPU build of ONNX Runtime
 * ({@code com.microsoft.onnxruntime:onnxruntime_gpu} in place of {@code onnxruntime}), its CUDA
 * and cuDNN libraries, and a GPU: the check creates a one-node session on the GPU, so any of
 * the three missing shows here, at start, with ONNX Runtime's own words, rather than at the
 * first job.
 *
 * @param options the runtime options to load the models with
 * @param reason  one line for the log: the device and why it was chosen
 */
public record DeviceChoice(RuntimeOptions options, String reason) {

    /** A start that cannot honour {@code ATELIER_DEVICE=cuda}. */
    public static final class UnavailableDeviceException extends IllegalStateException {
        public UnavailableDeviceException(String message) {
            super(message);
        }
    }

    /**
     * @param setting {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto} (blank is auto)
     * @throws UnavailableDeviceException with {@code cuda} when CUDA cannot be used
     * @throws IllegalArgumentException   for any other setting
     */
    public static DeviceChoice resolve(String setting, int intraOpThreads) {
        String s = setting == null || setting.isBlank() ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        int gpu = 0;
        if (s.startsWith("cuda:")) {
            try {
                gpu = Integer.parseInt(s.substring(5));
            } catch (NumberFormatException e) {
                gpu = -1;
            }
            if (gpu < 0) throw new IllegalArgumentException("ATELIER_DEVICE '" + setting + "': the GPU number must be 0 or more");
            s = "cuda";
        }
        RuntimeOptions cpu = new RuntimeOptions(intraOpThreads);
        switch (s) {
            case "cpu" -> {
                return new DeviceChoice(cpu, "device: cpu (ATELIER_DEVICE=cpu)");
            }
            case "cuda", "auto" -> {
                Optional<String> problem = cudaProblem(gpu);
                if (problem.isEmpty()) {
                    return new DeviceChoice(new RuntimeOptions(intraOpThreads, RuntimeOptions.Device.CUDA, gpu),
                            "device: cuda:" + gpu + " (ATELIER_DEVICE=" + s + "; ONNX Runtime's CUDA execution provider)");
                }
                if (s.equals("cuda")) {
                    throw new UnavailableDeviceException("ATELIER_DEVICE=cuda, but CUDA cannot be used: " + problem.get()
                            + ". Set ATELIER_DEVICE=cpu (or auto, which falls back to the CPU).");
                }
                return new DeviceChoice(cpu, "device: cpu (ATELIER_DEVICE=auto, and CUDA cannot be used: " + problem.get() + ")");
            }
            default -> throw new IllegalArgumentException("ATELIER_DEVICE '" + setting + "' is not one of: cpu, cuda, cuda:N, auto");
        }
    }

    /** Why CUDA cannot run a session on GPU {@code gpu}, or empty when it can. */
    static Optional<String> cudaProblem(int gpu) {
        try {
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                return Optional.of("this ONNX Runtime build has no CUDA execution provider (the onnxruntime artifact is"
                        + " CPU-only; put com.microsoft.onnxruntime:onnxruntime_gpu on the class path in its place)");
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.addCUDA(gpu);
                try (OrtSession ignored = env.createSession(identityModel(), options)) {
                    return Optional.empty();
                }
            }
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
            return Optional.of(message.lines().findFirst().orElse(message));
        }
    }

    /** The smallest model there is: y = Identity(x), one float. */
    private static byte[] identityModel() {
        OnnxMl.TypeProto scalar = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setShape(OnnxMl.TensorShapeProto.newBuilder().addDim(
                        OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(1)))).build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("probe")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").addInput("x").addOutput("y"))
                .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("x").setType(scalar))
                .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y").setType(scalar)).build();
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("atelier")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(graph).build().toByteArray();
    }
}
