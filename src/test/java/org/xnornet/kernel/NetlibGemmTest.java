package org.xnornet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native library the GEMM backend names: the mapped BLAS files, not the binding's glue. */
class NetlibGemmTest {
    @Test
    void namesTheMappedBlasLibraryOnceAndLeavesOutTheBindingsGlue(@TempDir Path dir) throws IOException {
        Path maps = dir.resolve("maps");
        Files.writeString(maps, String.join("\n",
                "7f00-7f10 r--p 00000000 08:01 11 /usr/lib/x86_64-linux-gnu/libc.so.6",
                "7f10-7f20 r-xp 00001000 08:01 12 /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3",
                "7f20-7f30 r--p 00002000 08:01 12 /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3",
                "7f30-7f40 r-xp 00000000 08:01 13 /tmp/jniloader123/libnetlibblasjni.so",
                "7f40-7f50 rw-p 00000000 00:00 0 [heap]",
                "7f50-7f60 r-xp 00000000 08:01 14 /opt/intel/lib/libmkl_rt.so.2", ""));
        assertEquals("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3, /opt/intel/lib/libmkl_rt.so.2",
                NetlibGemm.mappedBlasLibraries(maps));
    }

    @Test
    void namesNothingWhereTheMapsCannotBeRead(@TempDir Path dir) {
        assertEquals("", NetlibGemm.mappedBlasLibraries(dir.resolve("absent")));
    }
}
