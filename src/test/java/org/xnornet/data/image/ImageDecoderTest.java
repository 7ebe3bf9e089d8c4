package org.xnornet.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    @Test
    void rgbJpegDecodesCloseToWhatWasEncoded() throws Exception {
        DecodedImage original = TestImages.smooth(64, 48, 3);
        DecodedImage img = ImageDecoder.decode(ImageEncoder.jpeg(original, 0.95f), "a.JPEG");
        assertEquals(64, img.width());
        assertEquals(48, img.height());
        assertEquals(3, img.channels());
        assertTrue(TestImages.meanAbsDifference(original, img) < 2, "JPEG error too large");
    }

    @Test
    void greyJpegGivesOneChannel() throws Exception {
        DecodedImage original = TestImages.smooth(40, 30, 1);
        DecodedImage img = ImageDecoder.decode(ImageEncoder.jpeg(original, 0.95f), "grey.JPEG");
        assertEquals(1, img.channels());
        assertTrue(TestImages.meanAbsDifference(original, img) < 2);
    }

    @Test
    void pngNamedJpegIsDecodedAsPng() throws Exception {
        DecodedImage original = TestImages.gradient(17, 9, 3);
        DecodedImage img = ImageDecoder.decode(ImageEncoder.png(original), "n02105855/n02105855_2933.JPEG");
        assertArrayEquals(original.pixels(), img.pixels());
    }

    @Test
    void rgbaPngDropsAlpha() throws Exception {
        BufferedImage bi = new BufferedImage(5, 4, BufferedImage.TYPE_4BYTE_ABGR);
        bi.setRGB(0, 0, 0x80102030);
        bi.setRGB(4, 3, 0x00ff8040);
        DecodedImage img = ImageDecoder.decode(TestImages.write(bi, "png"), "rgba.png");
        assertEquals(3, img.channels());
        assertArrayEquals(new int[] {0x10, 0x20, 0x30}, rgb(img, 0, 0));
        assertArrayEquals(new int[] {0xff, 0x80, 0x40}, rgb(img, 4, 3));
    }

    @Test
    void palettePngExpandsToRgbAndGreyPaletteStaysGrey() throws Exception {
        byte[] r = {(byte) 255, 0, 10};
        byte[] g = {0, (byte) 200, 20};
        byte[] b = {0, 0, 30};
        BufferedImage bi = new BufferedImage(6, 2, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 3, r, g, b));
        WritableRaster raster = bi.getRaster();
        raster.setSample(1, 0, 0, 1);
        raster.setSample(2, 1, 0, 2);
        DecodedImage img = ImageDecoder.decode(TestImages.write(bi, "png"), "palette.png");
        assertArrayEquals(new int[] {255, 0, 0}, rgb(img, 0, 0));
        assertArrayEquals(new int[] {0, 200, 0}, rgb(img, 1, 0));
        assertArrayEquals(new int[] {10, 20, 30}, rgb(img, 2, 1));

        BufferedImage bilevel = new BufferedImage(9, 3, BufferedImage.TYPE_BYTE_BINARY);
        bilevel.getRaster().setSample(8, 2, 0, 1);
        DecodedImage grey = ImageDecoder.decode(TestImages.write(bilevel, "png"), "bilevel.png");
        assertEquals(1, grey.channels());
        assertEquals(255, grey.sample(8, 2, 0));
        assertEquals(0, grey.sample(0, 0, 0));
    }

    @Test
    void sixteenBitPngKeepsTheHighByte() throws Exception {
        BufferedImage bi = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        bi.getRaster().setSample(2, 1, 0, 0xABCD);
        DecodedImage img = ImageDecoder.decode(TestImages.write(bi, "png"), "deep.png");
        assertEquals(1, img.channels());
        assertEquals(0xAB, img.sample(2, 1, 0));
    }

    @Test
    void gifBmpAndTiffDecode() throws Exception {
        DecodedImage original = TestImages.gradient(12, 7, 3);
        BufferedImage bi = ImageEncoder.toBufferedImage(original);
        assertArrayEquals(original.pixels(), ImageDecoder.decode(TestImages.write(bi, "bmp"), "x.bmp").pixels());
        assertArrayEquals(original.pixels(), ImageDecoder.decode(TestImages.write(bi, "tiff"), "x.JPEG").pixels());
        DecodedImage gif = ImageDecoder.decode(TestImages.write(bi, "gif"), "x.gif");
        assertEquals(12, gif.width());
        assertEquals(7, gif.height());
    }

    @Test
    void truncatedJpegIsRejectedNotHalfGrey() throws Exception {
        byte[] jpeg = ImageEncoder.jpeg(TestImages.smooth(160, 120, 3), 0.9f);
        BadImageException e = assertThrows(BadImageException.class,
                () -> ImageDecoder.decode(Arrays.copyOf(jpeg, jpeg.length / 2), "n01440764/x.JPEG"));
        assertEquals("n01440764/x.JPEG", e.source());
        assertEquals("n01440764/x.JPEG: truncated JPEG (premature end of data)", e.getMessage());
        BadImageException header = assertThrows(BadImageException.class,
                () -> ImageDecoder.decode(Arrays.copyOf(jpeg, 40), "head.JPEG"));
        assertTrue(header.reason().startsWith("truncated JPEG"), header.getMessage());
    }

    @Test
    void truncatedPngIsRejected() throws Exception {
        byte[] png = ImageEncoder.png(TestImages.gradient(80, 60, 3));
        BadImageException e = assertThrows(BadImageException.class,
                () -> ImageDecoder.decode(Arrays.copyOf(png, png.length / 2), "cut.png"));
        assertTrue(e.reason().contains("PNG"), e.getMessage());
    }

    @Test
    void emptyAndGarbageAreRejected() {
        BadImageException empty = assertThrows(BadImageException.class,
                () -> ImageDecoder.decode(new byte[0], "e.JPEG"));
        assertEquals("e.JPEG: empty file", empty.getMessage());
        byte[] garbage = new byte[1000];
        new SplittableRandom(7).nextBytes(garbage);
        garbage[0] = 0x12;
        garbage[1] = 0x34;
        BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.decode(garbage, "g.JPEG"));
        assertEquals("not a JPEG/PNG/GIF/BMP (starts with 0x12 0x34)", e.reason());
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[2] = (byte) 0xFF;
        assertThrows(BadImageException.class, () -> ImageDecoder.decode(garbage, "g2.JPEG"));
    }

    @Test
    void decodingFromManyThreadsGivesTheSameImages() throws Exception {
        byte[] jpeg = ImageEncoder.jpeg(TestImages.smooth(96, 64, 3), 0.9f);
        byte[] expected = ImageDecoder.decode(jpeg, "one").pixels();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> ImageDecoder.decode(jpeg, "many").pixels()));
            }
            for (Future<byte[]> f : results) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    private static int[] rgb(DecodedImage img, int x, int y) {
        return new int[] {img.sample(x, y, 0), img.sample(x, y, 1), img.sample(x, y, 2)};
    }
}
