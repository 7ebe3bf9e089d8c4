package org.xnornet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed keys: every notation Java prints, strict booleans, ranges, precedence, and errors naming key, value, source. */
class SettingsTest {
    static final Key<Integer> BATCH = Key.run("batch", ValueType.integer(1, 1 << 20), "32", "batch");
    static final Key<Double> STD = Key.run("lr", ValueType.real(0, true, Double.POSITIVE_INFINITY), "0.001", "lr");
    static final Key<Double> UNIT = Key.run("momentum", ValueType.real(0, false, 1), "0.9", "m");
    static final Key<Boolean> FLAG = Key.run("nesterov", ValueType.bool(), "false", "n");
    static final Key<String> CHOICE = Key.run("optimizer", ValueType.choice("adam", "sgd"), "adam", "o");
    static final Key<Long> SEED = Key.operational("seed", ValueType.longInteger(), "0", "s");
    static final List<KeyGroup> GROUPS = List.of(new KeyGroup("t", List.of(BATCH, STD, UNIT, FLAG, CHOICE, SEED)));

    @TempDir
    Path tmp;

    private static Settings settings() {
        return new Settings("test-command", GROUPS);
    }

    private static String error(String key, String value) {
        return assertThrows(ConfigException.class, () -> settings().set(key, value, "--" + key)).getMessage();
    }

    @Test
    void numbersInEveryNotationJavaPrints() {
        for (String v : new String[] {"0.0001", "1.0E-4", "1e-4", "1E-4", "0.00010", "+0.0001"}) {
            assertEquals(1e-4, settings().set("lr", v, "--lr").get(STD), 1e-18, v);
        }
        for (String v : new String[] {"1000", "1e3", "1.0E3", "1000.0", "+1000"}) {
            assertEquals(1000, settings().set("batch", v, "--batch").get(BATCH), v);
        }
        assertEquals(-7L, settings().set("seed", "-7", "--seed").get(SEED));
        assertEquals(Long.MAX_VALUE, settings().set("seed", Long.toString(Long.MAX_VALUE), "x").get(SEED));
    }

    @Test
    void valuesOutsideTheTypeOrRangeNameKeyValueAndSource() {
        assertEquals("key 'batch' (--batch) must be an integer in [1, 1048576], was '-8'", error("batch", "-8"));
        assertEquals("key 'batch' (--batch) must be an integer in [1, 1048576], was '0'", error("batch", "0"));
        assertEquals("key 'batch' (--batch) must be an integer in [1, 1048576], was '2.5'", error("batch", "2.5"));
        assertEquals("key 'batch' (--batch) must be an integer in [1, 1048576], was 'many'", error("batch", "many"));
        assertEquals("key 'batch' (--batch) must be an integer in [1, 1048576], was '99999999999999999999'",
                error("batch", "99999999999999999999"));
        assertEquals("key 'lr' (--lr) must be a number > 0, was '0'", error("lr", "0"));
        for (String bad : new String[] {"NaN", "Infinity", "0x1p3", "1f", "", "1,5"}) {
            assertTrue(error("lr", bad).startsWith("key 'lr' (--lr) must be a number > 0, was '"), bad);
        }
        assertEquals("key 'momentum' (--momentum) must be a number in [0, 1], was '1.5'", error("momentum", "1.5"));
        assertEquals("key 'optimizer' (--optimizer) must be one of adam, sgd, was 'rmsprop'",
                error("optimizer", "rmsprop"));
        assertEquals("adam", settings().set("optimizer", "ADAM", "x").get(CHOICE));
    }

    @Test
    void booleansTakeTrueOrFalseOnly() {
        assertTrue(settings().set("nesterov", "true", "x").get(FLAG));
        assertEquals(false, settings().set("nesterov", "FALSE", "x").get(FLAG));
        for (String bad : new String[] {"yes", "1", "on", "", "tru"}) {
            assertEquals("key 'nesterov' (--nesterov) must be true or false, was '" + bad + "'", error("nesterov", bad));
        }
    }

    @Test
    void unknownKeysAreRefusedWithASuggestion() {
        String m = error("bacth", "3");
        assertTrue(m.startsWith("unknown key 'bacth' (--bacth) for test-command (did you mean 'batch'?)"), m);
    }

    @Test
    void precedenceIsDefaultsThenFileThenSparkThenCommandLine() throws Exception {
        Path file = tmp.resolve("x.properties");
        Files.writeString(file, "batch=16\nseed=4\nlr=0.5\n");
        Settings s = settings().loadFile(file).loadAll(Map.of("seed", "7", "lr", "0.2"), "spark.xnornet.")
                .set("lr", "0.01", "--lr");
        assertEquals(16, s.get(BATCH));
        assertEquals(7L, s.get(SEED));
        assertEquals(0.01, s.get(STD), 1e-12);
        assertEquals(file.toString(), s.source(BATCH));
        assertEquals("spark.xnornet.seed", s.source(SEED));
        assertEquals("--lr", s.source(STD));
        assertEquals("default", s.source(FLAG));
        Files.writeString(file, "batch=zero\n");
        ConfigException e = assertThrows(ConfigException.class, () -> settings().loadFile(file));
        assertEquals("key 'batch' (" + file + ") must be an integer in [1, 1048576], was 'zero'", e.getMessage());
        e = assertThrows(ConfigException.class, () -> settings().loadFile(tmp.resolve("missing.properties")));
        assertTrue(e.getMessage().contains("missing.properties does not exist"), e.getMessage());
    }

    @Test
    void crossKeyConditionsNameTheKeyItsSourceAndValue() {
        Settings s = settings().set("batch", "30", "conf/a.properties");
        ConfigException e = assertThrows(ConfigException.class, () -> s.require(false, BATCH, "must divide 64"));
        assertEquals("key 'batch' (conf/a.properties, value '30') must divide 64", e.getMessage());
        assertEquals(Map.of("batch", "30", "lr", "0.001", "momentum", "0.9", "nesterov", "false", "optimizer", "adam"),
                s.runDefining(), "seed is operational here, the others define the run");
    }

    @Test
    void aDefaultOutsideItsOwnTypeIsAProgrammingError() {
        assertThrows(IllegalStateException.class, () -> Key.run("x", ValueType.integer(1, 2), "3", "doc"));
    }
}
