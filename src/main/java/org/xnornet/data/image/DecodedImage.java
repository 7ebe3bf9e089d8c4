package org.xnornet.data.image;

/**
 * An 8-bit image with pixels interleaved height-width-channel (HWC), row-major: sample {@code c} of
 * pixel {@code (x, y)} is {@code pixels[(y * width + x) * channels + c]}, unsigned. Channels are 1 (grey)
 * or 3 (RGB). The array is shared, not copied, so decoding and resizing do not pay for a copy.
 */
public record DecodedImage(int width, int height, int channels, byte[] pixels) {
    public DecodedImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (pixels == null || pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException("a " + width + "x" + height + "x" + channels + " image needs "
                    + (long) width * height * channels + " bytes, got "
                    + (pixels == null ? "null" : pixels.length));
        }
    }

    /** The unsigned value (0..255) of channel {@code c} at column {@code x}, row {@code y}. */
    public int sample(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xff;
    }

    @Override
    public String toString() {
        return "DecodedImage[" + width + "x" + height + "x" + channels + "]";
    }
}
