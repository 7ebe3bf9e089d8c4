package org.xnornet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.deploy.SparkSubmit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.testing.ProductionSparkConf;

/**
 * deploy/k8s/submit.sh's exact spark-submit command line run through Spark's own SparkSubmit and Kubernetes client
 * (spark-kubernetes 4.2.0, Fabric8 7.6.1) against Fabric8's mock API server: the driver pod Spark creates carries our
 * image, main class, arguments, memory, service account, the Kryo and security settings, the Secret's volume instead of
 * a secret in its environment, and both pod templates. Also checks that the jar the Dockerfile copies exists.
 */
class K8sSubmitIT {
    static final String IMAGE = "registry.example/xnornet-spark:0.1.0-SNAPSHOT";
    static final String[] ARGS = {"train", "--data", "s3a://bucket/imagenet", "--model", "arch=resnet18", "--out",
        "s3a://bucket/runs/r18"};
    static KubernetesMockServer server;
    static KubernetesClient client;
    static Pod driver;
    static Properties sparkConf;
    static List<ConfigMap> configMaps;

    @BeforeAll
    static void submit(@TempDir Path tmp) throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new ApplyingCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        String master = "k8s://http://" + server.getHostName() + ":" + server.getPort();
        List<String> argv = SubmitScript.argv(tmp, Map.of("K8S_MASTER", master, "IMAGE", IMAGE), ARGS);
        new SparkSubmit().doSubmit(argv.toArray(String[]::new));
        List<Pod> pods = client.pods().inNamespace("xnornet").list().getItems();
        assertEquals(1, pods.size(), "one driver pod: " + pods);
        driver = pods.get(0);
        configMaps = client.configMaps().inNamespace("xnornet").list().getItems();
        String properties = configMaps.stream().map(c -> c.getData().get("spark.properties"))
                .filter(p -> p != null).findFirst().orElseThrow(() -> new AssertionError("no spark.properties in "
                        + configMaps));
        sparkConf = new Properties();
        sparkConf.load(new StringReader(properties));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    static Container container() {
        return driver.getSpec().getContainers().stream().filter(c -> c.getName().equals("spark-kubernetes-driver"))
                .findFirst().orElseThrow();
    }

    @Test
    void theDriverRunsOurImageMainClassAndArguments() {
        Container c = container();
        assertEquals(IMAGE, c.getImage());
        List<String> args = c.getArgs();
        assertEquals("driver", args.get(0), args.toString());
        assertEquals("org.xnornet.cli.Main", args.get(args.indexOf("--class") + 1), args.toString());
        assertEquals(List.of(ARGS), args.subList(args.size() - ARGS.length, args.size()));
        assertEquals("local:///opt/xnornet/xnornet-spark.jar", sparkConf.getProperty("spark.jars"));
        assertEquals("xnornet-spark-driver", driver.getSpec().getServiceAccountName());
        // what the README's kubectl logs -l spark-role=driver selects
        assertEquals("driver", driver.getMetadata().getLabels().get("spark-role"));
    }

    @Test
    void theDriverHasItsMemoryPlusOverhead() {
        // spark.driver.memory 4g plus the default overhead max(10 %, 384 MiB): 4096 + 409 MiB
        assertEquals("4505Mi", container().getResources().getRequests().get("memory").toString());
        assertEquals("4505Mi", container().getResources().getLimits().get("memory").toString());
        assertEquals("4g", sparkConf.getProperty("spark.driver.memory"));
        assertEquals("8g", sparkConf.getProperty("spark.executor.memory"));
        assertEquals("4", sparkConf.getProperty("spark.task.cpus"));
        assertEquals("false", sparkConf.getProperty("spark.dynamicAllocation.enabled"));
    }

    @Test
    void theProductionDefaultsReachTheDriver() {
        ProductionSparkConf.properties().forEach((k, v) -> assertEquals(v, sparkConf.getProperty(k), k));
        assertEquals("org.xnornet.spark.KryoRegistrator", sparkConf.getProperty("spark.kryo.registrator"));
        assertEquals("org.apache.spark.serializer.KryoSerializer", sparkConf.getProperty("spark.serializer"));
    }

    @Test
    void theSecretIsAMountedKubernetesSecretNeverAValue() {
        String path = "/opt/spark/secrets/xnornet-spark-auth";
        Volume volume = driver.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null
                && v.getSecret().getSecretName().equals("xnornet-spark-auth")).findFirst()
                .orElseThrow(() -> new AssertionError("no volume of Secret xnornet-spark-auth"));
        assertTrue(container().getVolumeMounts().stream().anyMatch(m -> m.getName().equals(volume.getName())
                && m.getMountPath().equals(path)), container().getVolumeMounts().toString());
        assertEquals(path + "/secret", sparkConf.getProperty("spark.authenticate.secret.driver.file"));
        assertEquals(path + "/secret", sparkConf.getProperty("spark.authenticate.secret.executor.file"));
        assertEquals(path, sparkConf.getProperty("spark.kubernetes.executor.secrets.xnornet-spark-auth"));
        String secretVariable = org.apache.spark.SecurityManager$.MODULE$.ENV_AUTH_SECRET();
        assertTrue(container().getEnv().stream().noneMatch(e -> e.getName().equals(secretVariable)),
                container().getEnv().toString());
        assertTrue(sparkConf.getProperty("spark.authenticate.secret") == null, "no secret in the driver's conf");
    }

    @Test
    void bothPodTemplatesAreApplied() {
        assertEquals("driver", driver.getMetadata().getLabels().get("app.kubernetes.io/component"));
        assertEquals(Boolean.TRUE, driver.getSpec().getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", driver.getSpec().getSecurityContext().getSeccompProfile().getType());
        assertEquals(Boolean.FALSE, container().getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), container().getSecurityContext().getCapabilities().getDrop());
        // the executor template travels to the driver in a config map, for the driver to build executor pods from
        assertTrue(configMaps.stream().flatMap(c -> c.getData().values().stream())
                .anyMatch(v -> v.contains("app.kubernetes.io/component: executor")), "executor template in "
                        + configMaps);
    }

    @Test
    void theJarTheDockerfileCopiesIsBuilt() throws Exception {
        Path jar = K8sSchemas.project().resolve(DeploySettingsTest.applicationJar());
        assertTrue(Files.isRegularFile(jar), jar + " (mvn package)");
    }
}
