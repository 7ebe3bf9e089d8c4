package org.xnornet.data.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xnornet.data.image.DecodedImage;
import org.xnornet.data.image.ImageDecoder;

/** The committed Fashion-MNIST sample is a complete, valid dataset: counts as in its manifest, every image decodes. */
class CommittedSampleTest {
    static final String SAMPLE = "data/fashion-mnist-sample";

    @Test
    void sampleMatchesItsManifestAndDecodes() throws Exception {
        for (String split : new String[] {"train", "val"}) {
            ParquetImageDataset d = ParquetImageDataset.open(SAMPLE, split, 0, ParquetFixtures.CONF);
            assertEquals(10, d.classes().size());
            assertEquals(d.manifest().splits().get(split).images(), d.rows(), split);
            int[] perClass = new int[10];
            for (RowGroupRef g : d.rowGroups()) {
                for (ImageRecord r : d.read(g, ParquetFixtures.CONF)) {
                    DecodedImage img = ImageDecoder.decode(r.image(), r.name());
                    assertEquals(28, img.width());
                    assertEquals(28, img.height());
                    assertEquals(1, img.channels());
                    perClass[r.label()]++;
                }
            }
            int min = Arrays.stream(perClass).min().orElseThrow();
            assertTrue(min > d.rows() / 20, split + " holds every class: " + Arrays.toString(perClass));
        }
        assertTrue(PartitionPlan.of(ParquetImageDataset.open(SAMPLE, "train", 0, ParquetFixtures.CONF), 8)
                .batchesPerEpoch(64) >= 10, "enough row groups for 8 partitions");
    }
}
