package org.xnornet.data.image;

/** An integer pixel rectangle of a source image: left column, top row, width and height. */
record CropBox(int x, int y, int width, int height) {
}
