package org.xnornet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine never touches Spark, and layers depend only downwards (docs/ARCHITECTURE.md). */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.xnornet");

    @Test
    void engineNeverImportsSpark() {
        noClasses().that().resideInAnyPackage("org.xnornet.tensor..", "org.xnornet.kernel..", "org.xnornet.quant..",
                        "org.xnornet.nn..", "org.xnornet.model..", "org.xnornet.optim..", "org.xnornet.train..",
                        "org.xnornet.data..", "org.xnornet.config..", "org.xnornet.infer..", "org.xnornet.registry..",
                        "org.xnornet.experiment..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void lowerLayersDoNotDependOnHigherOnes() {
        noClasses().that().resideInAnyPackage("org.xnornet.tensor..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xnornet.kernel..", "org.xnornet.quant..",
                        "org.xnornet.nn..", "org.xnornet.model..", "org.xnornet.optim..", "org.xnornet.train..",
                        "org.xnornet.data..", "org.xnornet.cli..", "org.xnornet.infer..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("org.xnornet.kernel..", "org.xnornet.quant..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xnornet.nn..", "org.xnornet.model..",
                        "org.xnornet.optim..", "org.xnornet.train..", "org.xnornet.cli..", "org.xnornet.infer..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("org.xnornet.nn..", "org.xnornet.model..", "org.xnornet.optim..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xnornet.train..", "org.xnornet.cli..",
                        "org.xnornet.infer..")
                .check(CLASSES);
        // scoring images takes the data path's decoder and evaluation transform (data.image), nothing else of data
        noClasses().that().resideInAnyPackage("org.xnornet.infer..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xnornet.optim..", "org.xnornet.train..",
                        "org.xnornet.data", "org.xnornet.data.parquet..", "org.xnornet.data.convert..",
                        "org.xnornet.spark..", "org.xnornet.cli..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("org.xnornet.train..", "org.xnornet.data..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xnornet.cli..", "org.xnornet.spark..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("org.xnornet.data..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xnornet.train..", "org.xnornet.model..",
                        "org.xnornet.nn..", "org.xnornet.optim..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("org.xnornet.config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xnornet.tensor..", "org.xnornet.kernel..",
                        "org.xnornet.quant..", "org.xnornet.nn..", "org.xnornet.model..", "org.xnornet.optim..",
                        "org.xnornet.train..", "org.xnornet.data..", "org.xnornet.spark..", "org.xnornet.cli..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("org.xnornet.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xnornet.cli..")
                .check(CLASSES);
        // the registry keeps files safe; it knows nothing of models, training or Spark
        noClasses().that().resideInAnyPackage("org.xnornet.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xnornet.spark..", "org.xnornet.cli..",
                        "org.xnornet.train..", "org.xnornet.model..", "org.xnornet.nn..", "org.xnornet.infer..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("org.xnornet.tensor..", "org.xnornet.kernel..", "org.xnornet.quant..",
                        "org.xnornet.nn..", "org.xnornet.model..", "org.xnornet.optim..", "org.xnornet.train..",
                        "org.xnornet.data..", "org.xnornet.infer..", "org.xnornet.config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xnornet.registry..")
                .check(CLASSES);
    }
}
