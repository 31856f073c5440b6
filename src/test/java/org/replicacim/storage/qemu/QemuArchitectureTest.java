package org.replicacim.storage.qemu;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The qemu engine sees only the storage SPI, the JDK and SLF4J (QMP and NBD are spoken by hand, no library). */
class QemuArchitectureTest {
    @Test
    void qemuEngineUsesOnlyTheSpi() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.replicacim.storage");
        classes().that().resideInAPackage("org.replicacim.storage.qemu")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.slf4j..", "org.replicacim.storage", "org.replicacim.storage.qemu")
                .check(classes);
    }
}
