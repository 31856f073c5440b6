package org.replicacim.store.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.provider.InstanceStore;

/**
 * What every {@link InstanceStore} does, as the in-memory one defines it: run against the memory store and the
 * durable one on SQLite and PostgreSQL.
 */
abstract class InstanceStoreContract {
    static final Namespace INTEROP = Namespace.of("interop");

    /** The store under test (the same data each call for durable stores). */
    abstract InstanceStore store();

    static ObjectPath filterPath(String name) {
        return ObjectPath.builder("CIM_IndicationFilter").namespace(INTEROP)
                .key("CreationClassName", "CIM_IndicationFilter").key("Name", name)
                .key("SystemCreationClassName", "CIM_ComputerSystem").key("SystemName", "localhost").build();
    }

    static CimInstance filter(String name, String query) {
        ObjectPath p = filterPath(name);
        CimInstance.Builder b = CimInstance.builder("CIM_IndicationFilter").path(p);
        for (var k : p.keys()) {
            b.property(k.name(), k.value());
        }
        return b.property("Query", CimValue.string(query)).property("QueryLanguage", CimValue.string("DMTF:CQL"))
                .build();
    }

    /** An instance with values of many kinds: arrays, numbers, datetimes, references, NULLs, embedded objects. */
    static CimInstance rich() {
        ObjectPath handler = ObjectPath.builder("CIM_ListenerDestinationCIMXML").namespace(INTEROP)
                .key("Name", "listener \"1\"").key("CreationClassName", "CIM_ListenerDestinationCIMXML").build();
        ObjectPath p = ObjectPath.builder("CIM_IndicationSubscription").namespace(INTEROP)
                .key("Filter", CimValue.reference(filterPath("f1"))).key("Handler", CimValue.reference(handler))
                .build();
        CimInstance embedded = CimInstance.builder("CIM_Error").property("CIMStatusCode", CimValue.uint32(4))
                .property("Message", CimValue.string("<escaped> & \"quoted\"")).build();
        return CimInstance.builder("CIM_IndicationSubscription").path(p)
                .property("Filter", CimValue.reference(filterPath("f1")))
                .property("Handler", CimValue.reference(handler))
                .property("OnFatalErrorPolicy", CimValue.uint16(2))
                .property("SubscriptionDuration", CimValue.uint64(Long.MAX_VALUE))
                .property("SubscriptionStartTime", CimValue.datetime(CimDateTime.of(Instant.parse(
                        "2024-05-06T07:08:09.123456Z"))))
                .property("DeliveryRetryAttempts", CimValue.nullValue(CimType.UINT16, false))
                .property("OtherSubscriptionState", CimValue.string("ünïcode ✓\n  spaces  "))
                .property("States", CimValue.uint16Array(2, 3, 4))
                .property("Names", CimValue.stringArray("a", "", "c"))
                .property("RepeatNotificationGap", CimValue.sint32(-7))
                .property("Ratio", CimValue.real64(0.25))
                .property("Enabled", CimValue.bool(true))
                .property("LastError", CimValue.embedded(CimValue.Embedded.INSTANCE, embedded))
                .build();
    }

    @Test
    void insertedInstancesComeBackExactlyInCreationOrder() {
        InstanceStore s = store();
        CimInstance b = filter("b", "SELECT * FROM CIM_InstCreation");
        CimInstance a = filter("a", "SELECT * FROM CIM_InstDeletion");
        CimInstance r = rich();
        assertTrue(s.insert(INTEROP, b));
        assertTrue(s.insert(INTEROP, a));
        assertTrue(s.insert(INTEROP, r));
        assertEquals(List.of(b, a), s.list(INTEROP, CimName.of("CIM_IndicationFilter")));
        assertEquals(List.of(r), s.list(INTEROP, CimName.of("cim_indicationsubscription")));
        assertEquals(r, s.get(INTEROP, r.path()));
        assertEquals(a, s.get(INTEROP, filterPath("a")));
    }

    @Test
    void aSecondInstanceAtTheSamePathIsRefused() {
        InstanceStore s = store();
        assertTrue(s.insert(INTEROP, filter("a", "q1")));
        assertFalse(s.insert(INTEROP, filter("a", "q2")));
        assertEquals("q1", s.get(INTEROP, filterPath("a")).value("Query").asString());
    }

    @Test
    void pathsMatchAsCimComparesThem() {
        InstanceStore s = store();
        ObjectPath typed = ObjectPath.builder("Test_Numbered").namespace(INTEROP).key("Id", CimValue.uint16(7))
                .key("Name", "x").build();
        CimInstance i = CimInstance.builder("Test_Numbered").path(typed).property("Id", CimValue.uint16(7))
                .property("Name", CimValue.string("x")).build();
        assertTrue(s.insert(INTEROP, i));
        // key names and class name in another case, the number as another integer type, keys in another order
        ObjectPath asked = ObjectPath.builder("TEST_NUMBERED").namespace(INTEROP).key("NAME", "x")
                .key("id", CimValue.uint64(7)).build();
        assertEquals(i, s.get(INTEROP, asked));
        assertNull(s.get(INTEROP, ObjectPath.builder("Test_Numbered").namespace(INTEROP).key("Id", CimValue.uint16(7))
                .key("Name", "X").build()), "string key values are compared exactly");
        assertNull(s.get(Namespace.of("root/cimv2"), typed), "namespaces are separate");
        assertNull(s.get(INTEROP, ObjectPath.builder("Test_Numbered").namespace(INTEROP)
                .key("Id", CimValue.string("7")).key("Name", "x").build()), "a string is not a number");
    }

    @Test
    void replaceChangesOnlyAnExistingInstance() {
        InstanceStore s = store();
        assertFalse(s.replace(INTEROP, filter("a", "q")));
        s.insert(INTEROP, filter("a", "q1"));
        s.insert(INTEROP, filter("b", "q1"));
        CimInstance changed = filter("a", "q2");
        assertTrue(s.replace(INTEROP, changed));
        assertEquals(changed, s.get(INTEROP, filterPath("a")));
        assertEquals(List.of("a", "b"), s.list(INTEROP, CimName.of("CIM_IndicationFilter")).stream()
                .map(x -> x.value("Name").asString()).toList(), "replacing keeps the creation order");
    }

    @Test
    void deleteRemovesOneInstance() {
        InstanceStore s = store();
        s.insert(INTEROP, filter("a", "q"));
        s.insert(INTEROP, filter("b", "q"));
        assertTrue(s.delete(INTEROP, filterPath("a")));
        assertFalse(s.delete(INTEROP, filterPath("a")));
        assertNull(s.get(INTEROP, filterPath("a")));
        assertEquals(1, s.list(INTEROP, CimName.of("CIM_IndicationFilter")).size());
    }
}
