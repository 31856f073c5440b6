package org.replicacim.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Layering of the storage packages: the SPI is JDK-only, engines and the NBD server see only the SPI. */
class StorageArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.replicacim.storage");

    @Test
    void spiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("org.replicacim.storage")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.replicacim.storage")
                .check(CLASSES);
    }

    @Test
    void nbdServerUsesOnlyTheSpi() {
        classes().that().resideInAPackage("org.replicacim.storage.nbd")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.slf4j..", "org.replicacim.storage", "org.replicacim.storage.nbd")
                .check(CLASSES);
    }

    @Test
    void fileEngineUsesOnlyTheSpi() {
        classes().that().resideInAPackage("org.replicacim.storage.file")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.slf4j..", "org.replicacim.storage", "org.replicacim.storage.file")
                .check(CLASSES);
    }

    @Test
    void nothingInStorageKnowsCim() {
        noClasses().that().resideInAPackage("org.replicacim.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("org.replicacim.cim..", "org.replicacim.provider..",
                        "org.replicacim.replication..")
                .check(CLASSES);
    }
}
