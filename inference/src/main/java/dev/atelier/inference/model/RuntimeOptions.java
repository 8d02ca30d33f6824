package dev.atelier.inference.model;

/**
 * How ONNX Runtime runs our models on the CPU.
 *
 * @param intraOpThreads threads inside one operator (a convolution, a matrix product). Fixed, and
 *                       with one inter-op thread and sequential execution, so that the same
 *                       inputs give bit-identical outputs run after run: the work is split the
 *                       same way every time.
 */
public record RuntimeOptions(int intraOpThreads) {
    public RuntimeOptions {
        if (intraOpThreads < 1) throw new IllegalArgumentException("intraOpThreads must be at least 1");
    }
}
