package org.replicacim.provider.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.KeyBinding;
import org.replicacim.repository.ClassRepository;

/**
 * Checks a provider's instance against the compiled schema: every property is declared by the class (the dispatcher
 * would silently drop a misspelt one), has the declared type and array-ness, and the path carries exactly the keys.
 */
public final class SchemaConformance {
    private static ClassRepository repository;

    private SchemaConformance() {
    }

    public static synchronized ClassRepository repository() throws Exception {
        if (repository == null) {
            repository = ClassRepository.loadStandard(null);
        }
        return repository;
    }

    public static void check(CimInstance i) throws Exception {
        CimClass cls = repository().getClass(ClassRepository.STORAGE, i.className());
        assertNotNull(cls, "class " + i.className());
        assertFalse(cls.isAbstract(), i.className() + " is abstract");
        for (CimProperty p : i.properties()) {
            CimProperty decl = cls.property(p.name());
            assertNotNull(decl, () -> i.className() + " declares no property " + p.name());
            assertEquals(decl.name().value(), p.name().value(), "spelling of " + p.name());
            CimValue v = p.value();
            if (!v.isNull()) {
                assertEquals(decl.type(), v.type(), () -> i.className() + "." + p.name() + " type");
                assertEquals(decl.array(), v.isArray(), () -> i.className() + "." + p.name() + " array-ness");
                if (decl.embedded() == CimValue.Embedded.NONE) {
                    assertEquals(CimValue.Embedded.NONE, v.embedded(), () -> p.name() + " is not embedded");
                }
            }
        }
        if (i.path() != null) {
            assertEquals(cls.keyProperties().size(), i.path().keys().size(), () -> "keys of " + i.path());
            for (KeyBinding k : i.path().keys()) {
                CimProperty decl = cls.property(k.name());
                assertTrue(decl != null && decl.isKey(), () -> k.name() + " is not a key of " + cls.name());
                CimValue own = i.value(k.name().value());
                assertEquals(k.value(), own, () -> "key " + k.name() + " matches the property");
                if (decl.type() == CimType.REFERENCE) {
                    assertNotNull(k.value().asReference().namespace(), "references carry their namespace");
                }
            }
        }
    }
}
