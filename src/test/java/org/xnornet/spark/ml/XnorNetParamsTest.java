package org.xnornet.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;
import java.util.List;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.data.DataKeys;
import org.xnornet.spark.SparkKeys;
import org.xnornet.train.TrainKeys;

/** The estimator's params are the training keys: their docs, defaults and validators, with errors naming both. */
class XnorNetParamsTest {
    @Test
    void everyKeyIsAParamWithItsDocAndDefault() {
        XnorNetClassifier c = new XnorNetClassifier();
        Settings defaults = new Settings("test", List.of(new KeyGroup("all", XnorNetClassifier.KEYS)));
        for (Key<?> k : XnorNetClassifier.KEYS) {
            Param<?> p = c.getParam(KeyParams.paramName(k.name()));
            assertTrue(p.doc().startsWith(k.doc()), k.name());
            assertEquals(defaults.get(k), c.getOrDefault(p), k.name());
        }
        assertEquals("maxIterations", c.param(TrainKeys.MAX_ITERATIONS).name());
        assertEquals(32, (int) c.getOrDefault(c.param(TrainKeys.BATCH)));
    }

    @Test
    void badValuesFailNamingParamAndValue() {
        XnorNetClassifier c = new XnorNetClassifier();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.setLr(-1));
        assertTrue(e.getMessage().contains("param lr") && e.getMessage().contains("'-1")
                && e.getMessage().contains("a number > 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.setModel("arch=vgg"));
        assertTrue(e.getMessage().contains("param model") && e.getMessage().contains("vgg"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.setOptimizer("rmsprop"));
        assertTrue(e.getMessage().contains("param optimizer") && e.getMessage().contains("'rmsprop'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.setKey(SparkKeys.EXCHANGE, "both"));
        assertTrue(e.getMessage().contains("param exchange") && e.getMessage().contains("'both'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.setStd("0.3,-1"));
        assertTrue(e.getMessage().contains("param std"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.setBatch(0));
        assertTrue(e.getMessage().contains("param batch") && e.getMessage().contains("'0'"), e.getMessage());
        assertEquals(0.01, (double) c.setLr(0.01).getOrDefault(c.param(TrainKeys.LR)));
        assertEquals("0.5", c.setMean("0.5").getOrDefault(c.param(DataKeys.MEAN)));
    }

    @Test
    void copyKeepsTheParams() {
        XnorNetClassifier c = new XnorNetClassifier().setEpochs(3).setLr(0.02);
        XnorNetClassifier d = c.copy(org.apache.spark.ml.param.ParamMap.empty());
        assertEquals(c.uid(), d.uid());
        assertEquals(3, (int) d.getOrDefault(d.param(TrainKeys.EPOCHS)));
        assertEquals(0.02, (double) d.getOrDefault(d.param(TrainKeys.LR)));
    }
}
