package org.replicacim.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the dependency direction: app → http → codec | operation → provider → replication → job | storage | store. */
class LayerDependencyTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.replicacim");
    }

    private static void check(ArchRule rule) {
        rule.allowEmptyShould(true).check(main);
    }

    @Test
    void modelDependsOnNothingOfOurs() {
        check(noClasses().that().resideInAPackage("org.replicacim.cim..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.replicacim.cim..", "java..")
                .as("cim depends on the JDK only"));
    }

    @Test
    void codecKnowsNoServer() {
        check(noClasses().that().resideInAPackage("org.replicacim.codec..")
                .should().dependOnClassesThat().resideInAnyPackage("org.replicacim.http..",
                        "org.replicacim.operation..", "org.replicacim.provider..", "org.replicacim.app..",
                        "org.replicacim.replication..", "org.replicacim.storage..", "org.replicacim.job..",
                        "org.replicacim.store.."));
    }

    @Test
    void xmlBindingClassesStayInsideTheCodec() {
        check(classes().that().resideInAPackage("org.replicacim.codec.dtd..")
                .should().onlyHaveDependentClassesThat().resideInAPackage("org.replicacim.codec.."));
    }

    @Test
    void storageAndJobsKnowNoCim() {
        check(noClasses().that().resideInAnyPackage("org.replicacim.storage..", "org.replicacim.job..")
                .should().dependOnClassesThat().resideInAnyPackage("org.replicacim.cim..",
                        "org.replicacim.message..", "org.replicacim.codec..", "org.replicacim.provider..",
                        "org.replicacim.operation..", "org.replicacim.http..", "org.replicacim.replication..",
                        "org.replicacim.app.."));
    }

    @Test
    void replicationDomainKnowsNoCim() {
        check(noClasses().that().resideInAPackage("org.replicacim.replication..")
                .should().dependOnClassesThat().resideInAnyPackage("org.replicacim.cim..",
                        "org.replicacim.provider..", "org.replicacim.operation..", "org.replicacim.http..",
                        "org.replicacim.codec..", "org.replicacim.app.."));
    }

    @Test
    void providersDoNotReachUpwards() {
        check(noClasses().that().resideInAPackage("org.replicacim.provider..")
                .should().dependOnClassesThat().resideInAnyPackage("org.replicacim.operation..",
                        "org.replicacim.http..", "org.replicacim.codec..", "org.replicacim.app.."));
    }

    @Test
    void operationsKnowNoTransport() {
        check(noClasses().that().resideInAPackage("org.replicacim.operation..")
                .should().dependOnClassesThat().resideInAnyPackage("org.replicacim.http..",
                        "org.replicacim.codec..", "org.replicacim.app.."));
    }

    @Test
    void nothingDependsOnTheApplication() {
        check(noClasses().that().resideOutsideOfPackage("org.replicacim.app..")
                .should().dependOnClassesThat().resideInAPackage("org.replicacim.app.."));
    }
}
