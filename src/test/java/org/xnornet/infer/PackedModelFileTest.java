package org.xnornet.infer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.xnornet.infer.PackedModelFile.Contents;
import org.xnornet.infer.PackedModelFile.Kind;
import org.xnornet.infer.PackedModelFile.Section;
import org.xnornet.model.Network;

/**
 * Every refusal of the packed model reader: foreign, newer-version, truncated, extended and corrupt files, and files
 * whose checksum holds but whose fields do not fit (a corrupt length, a section too short, missing, extra, of another
 * shape, or for another model). Each message names the file and the fault.
 */
class PackedModelFileTest {
    static final String SOURCE = "models/m.xnb";
    static final String SPEC = "arch=small_resnet,input=1x12x12,classes=3,width=2,scaling=gamma1";

    static PackedModel model(String spec) {
        Network net = PackedModelTest.trained(spec);
        return PackedModel.export(net, PackedModelTest.preprocessing(net.spec()), ModelClasses.ofCount(3));
    }

    static final byte[] GOOD = model(SPEC).toBytes();

    /** The length field and checksum made to fit the bytes again, so the reader's later checks are reached. */
    static byte[] restamped(byte[] b) {
        byte[] out = b.clone();
        ByteBuffer.wrap(out).putLong(8, out.length);
        CRC32C crc = new CRC32C();
        crc.update(out, 0, out.length - 4);
        ByteBuffer.wrap(out).putInt(out.length - 4, (int) crc.getValue());
        return out;
    }

    static void refused(byte[] b, String... fault) {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> PackedModel.read(new ByteArrayInputStream(b), SOURCE));
        assertTrue(e.getMessage().contains(SOURCE), e.getMessage());
        for (String f : fault) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' does not say " + f);
        }
    }

    static byte[] edited(UnaryOperator<List<Section>> edit) {
        PackedModel m = model(SPEC);
        Contents c = new Contents(m.spec().toString(), m.preprocessing(), m.classes(),
                edit.apply(new ArrayList<>(m.sections())));
        return PackedModelFile.toBytes(c);
    }

    @Test
    void foreignFilesAreRefused() {
        refused("\u0089PNG\r\n\u001a\n and more".getBytes(StandardCharsets.ISO_8859_1), "not an xnornet packed model",
                "magic");
        refused(new byte[] {0x58, 0x4E, 0x4E, 0x43, 0, 0, 0, 2, 0, 0}, "not an xnornet packed model");
        refused(new byte[0], "not an xnornet packed model");
    }

    @Test
    void newerVersionsAreRefused() {
        byte[] b = GOOD.clone();
        ByteBuffer.wrap(b).putInt(4, PackedModelFile.VERSION + 1);
        refused(b, "version 2", "newer");
    }

    @Test
    void truncatedAndExtendedFilesAreRefused() {
        for (int n : new int[] {8, 12, 19, 100, GOOD.length / 2, GOOD.length - 1}) {
            refused(Arrays.copyOf(GOOD, n), "truncated");
        }
        refused(Arrays.copyOf(GOOD, GOOD.length + 3), "announces");
    }

    @Test
    void corruptFilesAreRefusedByTheirChecksum() {
        for (int at : new int[] {20, GOOD.length / 2, GOOD.length - 5, GOOD.length - 1}) {
            byte[] b = GOOD.clone();
            b[at] ^= 0x04;
            refused(b, "checksum", "corrupt");
        }
    }

    @Test
    void implausibleLengthsAreRefusedBeforeAllocating() {
        byte[] b = GOOD.clone();
        ByteBuffer.wrap(b).putInt(16, Integer.MAX_VALUE);
        refused(restamped(b), "model spec length", "2147483647");
        byte[] sections = GOOD.clone();
        int table = ByteBuffer.wrap(GOOD).getInt(16) + 20 + 3 * 4 + 2 * 4 + 4 + 1;
        ByteBuffer.wrap(sections).putInt(table, 1 << 30);
        refused(restamped(sections), "section count");
    }

    @Test
    void sectionsThatDoNotFitTheModelAreRefused() {
        refused(edited(s -> {
            Section r = s.stream().filter(x -> x.kind() == Kind.REAL).findFirst().orElseThrow();
            s.set(s.indexOf(r), new Section(r.kind(), r.name(), r.shape(), Arrays.copyOf(r.body(), r.body().length
                    - 4)));
            return s;
        }), "needs", "inconsistent");
        refused(edited(s -> {
            Section b = s.stream().filter(x -> x.kind() == Kind.BINARY).findFirst().orElseThrow();
            s.set(s.indexOf(b), new Section(b.kind(), b.name(), b.shape(), Arrays.copyOf(b.body(), b.body().length
                    + 1)));
            return s;
        }), "bytes", "inconsistent");
        refused(edited(s -> {
            s.removeIf(x -> x.kind() == Kind.STAGE);
            return s;
        }), "no stage section", "inconsistent");
        refused(edited(s -> {
            s.add(new Section(Kind.REAL, "extra.weight", "weight 1", new byte[4]));
            return s;
        }), "not part of model", "extra.weight");
        refused(edited(s -> {
            Section r = s.get(0);
            s.set(0, new Section(r.kind(), r.name(), r.shape() + " (other)", r.body()));
            return s;
        }), "the model spec's layer", "inconsistent");
        refused(edited(s -> {
            s.add(s.get(0));
            return s;
        }), "appears twice");
        byte[] other = model(SPEC.replace("gamma1", "gamma2")).toBytes();
        byte[] mixed = PackedModelFile.toBytes(new Contents(SPEC, PackedModelTest.preprocessing(
                model(SPEC).spec()), ModelClasses.ofCount(3), PackedModelFile.parse(other, "x").sections()));
        refused(mixed, "inconsistent");
        byte[] huge = PackedModelFile.toBytes(new Contents(SPEC.replace("width=2", "width=100000"),
                PackedModelTest.preprocessing(model(SPEC).spec()), ModelClasses.ofCount(3), model(SPEC).sections()));
        refused(huge, "does not fit the file's", "inconsistent");
    }
}
