package org.xnornet.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * CMYK and YCCK JPEGs (ImageNet has a couple of dozen, written by Photoshop) must decode to the right RGB,
 * not to ImageIO's "Unsupported Image Type" or to inverted colours.
 */
class AdobeJpegColourTest {
    private static final int[][] INKS = {
        {0, 255, 255, 0}, // red
        {255, 0, 255, 0}, // green
        {255, 255, 0, 0}, // blue
        {0, 128, 255, 0}, // orange
        {0, 0, 0, 128}, // mid grey from black ink only
        {51, 102, 0, 64}, // a mixture using all four inks
    };

    @Test
    void cmykJpegsDecodeToTheirRgbColours() throws Exception {
        for (int[] ink : INKS) {
            assertSolid(AdobeJpegs.solid(24, 16, ink, AdobeJpegs.CMYK, false), ink);
        }
    }

    @Test
    void ycckJpegsDecodeToTheirRgbColours() throws Exception {
        for (int[] ink : INKS) {
            assertSolid(AdobeJpegs.solid(24, 16, ink, AdobeJpegs.YCCK, false), ink);
            assertSolid(AdobeJpegs.solid(32, 32, ink, AdobeJpegs.YCCK, true), ink);
        }
    }

    @Test
    void theFilesReallyCarryTheirAdobeTransform() throws Exception {
        byte[] cmyk = AdobeJpegs.solid(8, 8, INKS[0], AdobeJpegs.CMYK, false);
        byte[] ycck = AdobeJpegs.solid(8, 8, INKS[0], AdobeJpegs.YCCK, false);
        assertEquals(4, JpegHeader.scan(cmyk, "cmyk").components());
        assertEquals(AdobeJpegs.CMYK, JpegHeader.scan(cmyk, "cmyk").adobeTransform());
        assertEquals(AdobeJpegs.YCCK, JpegHeader.scan(ycck, "ycck").adobeTransform());
    }

    @Test
    void twoColourImagesKeepTheirLayout() throws Exception {
        int[] red = INKS[0];
        int[] blue = INKS[2];
        for (int transform : new int[] {AdobeJpegs.CMYK, AdobeJpegs.YCCK}) {
            DecodedImage img = ImageDecoder.decode(AdobeJpegs.halves(64, 32, red, blue, transform, true), "two.jpg");
            assertEquals(64, img.width());
            assertEquals(32, img.height());
            assertNear(img, 8, 16, AdobeJpegs.expectedRgb(red), "left half, transform " + transform);
            assertNear(img, 56, 16, AdobeJpegs.expectedRgb(blue), "right half, transform " + transform);
        }
    }

    private static void assertSolid(byte[] jpeg, int[] ink) throws BadImageException {
        DecodedImage img = ImageDecoder.decode(jpeg, "adobe.jpg");
        assertEquals(3, img.channels());
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                assertNear(img, x, y, AdobeJpegs.expectedRgb(ink), "ink " + Arrays.toString(ink));
            }
        }
    }

    private static void assertNear(DecodedImage img, int x, int y, int[] rgb, String what) {
        for (int c = 0; c < 3; c++) {
            int got = img.sample(x, y, c);
            if (Math.abs(got - rgb[c]) > 12) {
                fail(what + ": expected RGB " + Arrays.toString(rgb) + " at (" + x + ", " + y + "), channel " + c
                        + " is " + got);
            }
        }
    }
}
