package dev.atelier.inference.model;

/**
 * How ONNX Runtime runs our models.
 *
 * @param intraOpThreads threads inside one operator (a convolution, a matrix product). Fixed, and
 *                       with one inter-op thread and sequential execution, so that the same
 *                       inputs give bit-identical outputs run after run: the work is split the
 *                       same way every time.
 * @param device         the CPU, or a CUDA GPU through ONNX Runtime's CUDA execution provider
 *                       (the {@code onnxruntime_gpu} artifact); see {@link DeviceChoice}
 * @param gpu            the CUDA device number, when {@code device} is CUDA
 */
public record RuntimeOptions(int intraOpThreads, Device device, int gpu) {

    /** Where the models run. */
    public enum Device {
        CPU, CUDA;

        public String label(int gpu) {
            return this == CPU ? "cpu" : "cuda:" + gpu;
        }
    }

    public RuntimeOptions {
        if (intraOpThreads < 1) throw new IllegalArgumentException("intraOpThreads must be at least 1");
        if (device == null) throw new IllegalArgumentException("device is required");
        if (gpu < 0) throw new IllegalArgumentException("gpu must be 0 or more");
    }

    /** On the CPU, as before devices could be chosen. */
    public RuntimeOptions(int intraOpThreads) {
        this(intraOpThreads, Device.CPU, 0);
    }

    public String deviceLabel() {
        return device.label(gpu);
    }
}
