package dev.atelier.core.image;

/**
 * Where an outpainting puts the source on its grown canvas. Shared by the turn (which stores the
 * size the job will make) and the pipeline (which paints it), so the two never disagree.
 *
 * <p>The grown side's total is rounded up to a multiple of 8, the VAE's block size, so the
 * new area fills whole latent cells; the other side keeps the source's size. {@link Direction#ALL}
 * ("zoom out") grows both sides by the amount, half of the new space on each edge.
 *
 * @param width   the canvas width
 * @param height  the canvas height
 * @param sourceX where the source's left edge lands on the canvas
 * @param sourceY where the source's top edge lands on the canvas
 */
public record OutpaintCanvas(int width, int height, int sourceX, int sourceY) {

    /**
     * @param amount how much to add, as a fraction of the side that grows (0.5 on a 256-pixel
     *               side adds 128); at least one 8-pixel block is always added
     */
    public static OutpaintCanvas grow(int sourceWidth, int sourceHeight, Direction direction, double amount) {
        if (sourceWidth < 1 || sourceHeight < 1) throw new IllegalArgumentException("the source image is empty");
        if (!(amount > 0)) throw new IllegalArgumentException("amount must be more than 0, was " + amount);
        Direction d = direction == null ? Direction.ALL : direction;
        boolean horizontal = d == Direction.LEFT || d == Direction.RIGHT || d == Direction.ALL;
        boolean vertical = d == Direction.UP || d == Direction.DOWN || d == Direction.ALL;
        int width = horizontal ? grown(sourceWidth, amount) : sourceWidth;
        int height = vertical ? grown(sourceHeight, amount) : sourceHeight;
        int x = switch (d) {
            case LEFT -> width - sourceWidth;
            case ALL -> (width - sourceWidth) / 2;
            default -> 0;
        };
        int y = switch (d) {
            case UP -> height - sourceHeight;
            case ALL -> (height - sourceHeight) / 2;
            default -> 0;
        };
        return new OutpaintCanvas(width, height, x, y);
    }

    private static int grown(int side, double amount) {
        long total = (long) Math.ceil(side * (1 + amount) / 8.0) * 8;
        long oneBlockMore = (long) Math.ceil((side + 8) / 8.0) * 8;
        return (int) Math.max(total, oneBlockMore);
    }
}
