package org.replicacim.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependency direction: app → http → codec | operation → provider → replication → job | storage | store;
 * store implements the domain's store interfaces (job, provider's InstanceStore in store.instance).
 */
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
    void theStoreCoreKnowsNoCim() {
        check(noClasses().that().resideInAPackage("org.replicacim.store")
                .should().dependOnClassesThat().resideInAnyPackage("org.replicacim.cim..",
                        "org.replicacim.message..", "org.replicacim.codec..", "org.replicacim.provider..",
                        "org.replicacim.operation..", "org.replicacim.http..", "org.replicacim.query..",
                        "org.replicacim.repository..", "org.replicacim.mof..", "org.replicacim.app..")
                .as("store (core) implements the domain's store interfaces on JDBC and knows no CIM;"
                        + " CIM adapters live in store.instance"));
    }

    @Test
    void theStoreAdaptersDoNotReachUpwards() {
        check(noClasses().that().resideInAPackage("org.replicacim.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.replicacim.operation..",
                        "org.replicacim.http..", "org.replicacim.app.."));
    }

    @Test
    void onlyTheApplicationAndTheReplicationDomainUseTheStore() {
        check(noClasses().that().resideOutsideOfPackages("org.replicacim.store..", "org.replicacim.app..",
                        "org.replicacim.replication..")
                .should().dependOnClassesThat().resideInAPackage("org.replicacim.store..")
                .as("jobs, storage, providers and the CIM side reach the store only through their own store"
                        + " interfaces (JobStore, InstanceStore), which app wires to the durable store"));
    }

    @Test
    void securityStaysBelowTheTransport() {
        check(noClasses().that().resideInAPackage("org.replicacim.security..")
                .should().dependOnClassesThat().resideInAnyPackage("org.replicacim.http..",
                        "org.replicacim.client..", "org.replicacim.codec..", "org.replicacim.app..",
                        "org.replicacim.store..")
                .as("security (users, roles, authorization, TLS keys) sits between http and operation"));
    }

    @Test
    void nothingDependsOnTheApplication() {
        check(noClasses().that().resideOutsideOfPackage("org.replicacim.app..")
                .should().dependOnClassesThat().resideInAPackage("org.replicacim.app.."));
    }
}
