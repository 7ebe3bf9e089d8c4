package org.xnornet.kernel;

/**
 * The tiling of one 3×3 layer for {@link Winograd3x3}: output tile side m, α = m + 2 input points per tile side, tiles
 * down and across an image, images per chunk; and a block's tiles as {@link Runs} along rows of tiles.
 */
record WinogradTiling(int m, int alpha, int tilesH, int tilesW, int chunk) {
    static WinogradTiling of(int batch, ConvGeometry g, int out, int m) {
        int tilesH = (g.outHeight() + m - 1) / m;
        int tilesW = (g.outWidth() + m - 1) / m;
        int perImage = tilesH * tilesW;
        int alpha = m + 2;
        int most = (int) Math.max(1, Math.min(Math.min(batch, (Winograd3x3.TARGET_TILES + perImage - 1) / perImage),
                Conv.PATCH_BUDGET / ((long) alpha * alpha * Math.max(g.channels(), out) * perImage)));
        int chunks = (batch + most - 1) / most;
        return new WinogradTiling(m, alpha, tilesH, tilesW, (batch + chunks - 1) / chunks);
    }

    int positions() {
        return alpha * alpha;
    }

    int perImage() {
        return tilesH * tilesW;
    }

    /** The runs of the {@code count} tiles from chunk tile {@code start}, before the first ({@link Runs#next}). */
    Runs runs(int start, int count) {
        return new Runs(this, start, count);
    }

    /** A block's tiles as runs along rows of tiles: image, tile row, first column, length, index in the block. */
    static final class Runs {
        private final WinogradTiling tiling;
        private final int count;
        private int tile;
        int image;
        int row;
        int column;
        int length;
        int k;

        /** Before the first run of the {@code count} tiles from chunk tile {@code start}. */
        private Runs(WinogradTiling tiling, int start, int count) {
            this.tiling = tiling;
            this.count = count;
            tile = start;
        }

        /** Where the run's first tile starts in a plane at {@code plane} with rows of {@code rowLength}. */
        int corner(int plane, int rowLength) {
            return plane + tiling.m() * (row * rowLength + column);
        }

        /** Moves to the next run; false past the last. */
        boolean next() {
            k += length;
            tile += length;
            if (k >= count) {
                return false;
            }
            image = tile / tiling.perImage();
            row = tile % tiling.perImage() / tiling.tilesW();
            column = tile % tiling.tilesW();
            length = Math.min(count - k, tiling.tilesW() - column);
            return true;
        }
    }
}
