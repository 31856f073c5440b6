package org.replicacim.codec;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The JAXB element classes stay inside the codec; the codec depends only on the model, the messages and the JDK/JAXB. */
class CodecArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.replicacim");

    @Test
    void dtdClassesAreUsedOnlyByTheCodec() {
        classes().that().resideInAPackage("org.replicacim.codec.dtd..")
                .should().onlyBeAccessed().byAnyPackage("org.replicacim.codec..")
                .check(MAIN);
    }

    @Test
    void codecDependsOnlyOnModelMessagesJaxbAndTheJdk() {
        classes().that().resideInAPackage("org.replicacim.codec..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.replicacim.codec..", "org.replicacim.cim..",
                        "org.replicacim.message..", "java..", "javax.xml..", "jakarta.xml.bind..", "org.xml.sax..",
                        "com.ctc.wstx..", "org.codehaus.stax2..")
                .check(MAIN);
    }

    @Test
    void publicApiDoesNotExposeDtdTypes() {
        for (com.tngtech.archunit.core.domain.JavaClass c : MAIN) {
            if (!c.getPackageName().equals("org.replicacim.codec")
                    || !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
                continue;
            }
            for (com.tngtech.archunit.core.domain.JavaMember m : c.getMembers()) {
                if (!m.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
                    continue;
                }
                String signature = m instanceof com.tngtech.archunit.core.domain.JavaCodeUnit u
                        ? u.getRawReturnType().getName() + u.getRawParameterTypes()
                        : ((com.tngtech.archunit.core.domain.JavaField) m).getRawType().getName();
                org.junit.jupiter.api.Assertions.assertFalse(signature.contains(".codec.dtd."),
                        m.getFullName() + " exposes a JAXB element class");
            }
        }
    }
}
