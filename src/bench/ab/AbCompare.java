import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times the same cases on two builds side by side in one JVM: each build's classes in a class loader of its own
 * (the libraries shared, so native BLAS loads once), runs alternating between the builds, the median of each and
 * their ratio. On a shared machine this cancels most of the drift that separate runs see; both builds' outputs must
 * agree. Usage: AbCompare OLD_CLASSES NEW_CLASSES LIB_DIR RUNNER_DIR PATH THREADS REPS CASE... with CASE
 * conv:C:H:BATCH, pack:C:H:BATCH, resnet18:BATCH or resnet18-SCALING:BATCH (gamma2, xnor, …).
 */
public final class AbCompare {
    public static void main(String[] a) throws Exception {
        List<URL> libs = new ArrayList<>();
        try (var files = Files.list(Path.of(a[2]))) {
            for (Path p : files.sorted().toList()) {
                libs.add(p.toUri().toURL());
            }
        }
        ClassLoader shared = new URLClassLoader(libs.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        URL runner = Path.of(a[3]).toUri().toURL();
        String path = a[4];
        int threads = Integer.parseInt(a[5]);
        int reps = Integer.parseInt(a[6]);
        String[] builds = {a[0], a[1]};
        for (String c : Arrays.copyOfRange(a, 7, a.length)) {
            String[] f = c.split(":");
            boolean conv = f[0].equals("conv") || f[0].equals("pack");
            Object[] cases = new Object[2];
            Method[] once = new Method[2];
            for (int i = 0; i < 2; i++) {
                ClassLoader l = new URLClassLoader(new URL[] {runner, Path.of(builds[i]).toUri().toURL()}, shared);
                Class<?> k = l.loadClass("AbCase");
                Constructor<?> make = k.getConstructor(String.class, int.class, int.class, int.class, String.class,
                        int.class);
                cases[i] = make.newInstance(f[0], conv ? Integer.parseInt(f[1]) : 0, conv ? Integer.parseInt(f[2]) : 0,
                        Integer.parseInt(f[conv ? 3 : 1]), path, threads);
                once[i] = k.getMethod("once");
            }
            long warm = System.nanoTime();
            while (System.nanoTime() - warm < 8e9) {
                for (int i = 0; i < 2; i++) {
                    once[i].invoke(cases[i]);
                }
            }
            long[] sums = new long[2];
            for (int i = 0; i < 2; i++) {
                sums[i] = (long) cases[i].getClass().getMethod("checksum").invoke(cases[i]);
            }
            if (sums[0] != sums[1]) {
                throw new AssertionError(c + ": the two builds' outputs differ");
            }
            double[][] t = new double[2][reps];
            for (int r = 0; r < reps; r++) {
                for (int i = 0; i < 2; i++) {
                    t[i][r] = (double) once[i].invoke(cases[i]);
                }
            }
            Arrays.sort(t[0]);
            Arrays.sort(t[1]);
            double before = t[0][reps / 2];
            double after = t[1][reps / 2];
            System.out.printf(Locale.ROOT, "%-22s old %9.3f ms  new %9.3f ms  new is %.2fx as fast (medians of %d)%n",
                    c, before, after, before / after, reps);
        }
    }
}
