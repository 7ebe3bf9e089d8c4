package org.xnornet.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ResizeTest {
    private static DecodedImage grey(int width, int height, int... values) {
        byte[] px = new byte[values.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) values[i];
        }
        return new DecodedImage(width, height, 1, px);
    }

    @Test
    void checkerboardShrinksToItsAverageNotToAlias() {
        DecodedImage checker = grey(2, 2, 0, 255, 255, 0);
        assertEquals(128, Resize.to(checker, 1, 1).sample(0, 0, 0));
        int[] fine = new int[64];
        for (int i = 0; i < 64; i++) {
            fine[i] = ((i % 8) + (i / 8)) % 2 == 0 ? 0 : 255;
        }
        DecodedImage half = Resize.to(grey(8, 8, fine), 4, 4);
        for (byte b : half.pixels()) {
            assertEquals(128, b & 0xff);
        }
    }

    @Test
    void fractionalShrinkWeighsByCoveredArea() {
        DecodedImage row = grey(3, 1, 0, 90, 180);
        assertArrayEquals(new byte[] {30, (byte) 150}, Resize.to(row, 2, 1).pixels());
    }

    @Test
    void enlargingIsBilinearBetweenPixelCentres() {
        DecodedImage row = grey(2, 1, 0, 200);
        assertArrayEquals(new byte[] {0, 50, (byte) 150, (byte) 200}, Resize.to(row, 4, 1).pixels());
    }

    @Test
    void shorterSideKeepsTheAspectRatioLikeTorchvision() {
        assertSize(150, 100, Resize.shorterSide(TestImages.gradient(300, 200, 3), 100));
        assertSize(100, 150, Resize.shorterSide(TestImages.gradient(200, 300, 1), 100));
        assertSize(298, 224, Resize.shorterSide(TestImages.gradient(333, 250, 3), 224));
        assertSize(512, 384, Resize.shorterSide(TestImages.gradient(40, 30, 3), 384));
        DecodedImage same = TestImages.gradient(30, 20, 3);
        assertSame(same, Resize.shorterSide(same, 20));
    }

    @Test
    void integerShrinkAveragesEachBlockPerChannel() {
        DecodedImage img = TestImages.smooth(12, 9, 3);
        DecodedImage small = Resize.shorterSide(img, 3);
        assertSize(4, 3, small);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    for (int dy = 0; dy < 3; dy++) {
                        for (int dx = 0; dx < 3; dx++) {
                            sum += img.sample(3 * x + dx, 3 * y + dy, c);
                        }
                    }
                    assertEquals(Math.round(sum / 9f), small.sample(x, y, c), "(" + x + ", " + y + ", " + c + ")");
                }
            }
        }
    }

    private static void assertSize(int width, int height, DecodedImage img) {
        assertEquals(width + "x" + height, img.width() + "x" + img.height());
    }
}
