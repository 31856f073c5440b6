package org.replicacim.provider.interop;

import java.util.ArrayList;
import java.util.List;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.provider.ComputedInstanceProvider;
import org.replicacim.provider.OperationContext;

/**
 * The SMI-S Server profile's objects in the Interop namespace: the one CIM_ObjectManager, its
 * CIM_CIMXMLCommunicationMechanism per listener, CIM_CommMechanismForManager, one CIM_Namespace per namespace
 * and CIM_NamespaceInManager.
 */
public final class ObjectManagerProvider extends ComputedInstanceProvider {
    /** The classes this provider serves. */
    public static final String[] CLASSES = {"CIM_ObjectManager", "CIM_CIMXMLCommunicationMechanism",
        "CIM_CommMechanismForManager", "CIM_Namespace", "CIM_NamespaceInManager"};

    private static final int[] FUNCTIONAL_PROFILES = {2, 3, 5, 6, 7, 10, 11, 12};
    private static final String[] FUNCTIONAL_PROFILE_NAMES = {"Basic Read", "Basic Write", "Instance Manipulation",
        "Association Traversal", "Query Execution", "Pulled Read", "Pulled Read Count", "Pulled Query Execution"};

    private final ServerIdentity id;

    public ObjectManagerProvider(ServerIdentity id) {
        this.id = id;
    }

    /** The path of the one object manager. */
    public ObjectPath objectManagerPath() {
        return ObjectPath.builder("CIM_ObjectManager").namespace(id.interopNamespace())
                .key("SystemCreationClassName", id.systemCreationClassName())
                .key("SystemName", id.systemName())
                .key("CreationClassName", "CIM_ObjectManager")
                .key("Name", id.objectManagerName()).build();
    }

    @Override
    protected List<CimInstance> instances(OperationContext ctx, CimClass cls) {
        String n = cls.name().value().toLowerCase(java.util.Locale.ROOT);
        return switch (n) {
            case "cim_objectmanager" -> List.of(objectManager());
            case "cim_cimxmlcommunicationmechanism" -> mechanisms();
            case "cim_commmechanismformanager" -> mechanismLinks();
            case "cim_namespace" -> namespaces();
            case "cim_namespaceinmanager" -> namespaceLinks();
            default -> List.of();
        };
    }

    private CimInstance objectManager() {
        return CimInstance.builder("CIM_ObjectManager").path(objectManagerPath())
                .property("SystemCreationClassName", CimValue.string(id.systemCreationClassName()))
                .property("SystemName", CimValue.string(id.systemName()))
                .property("CreationClassName", CimValue.string("CIM_ObjectManager"))
                .property("Name", CimValue.string(id.objectManagerName()))
                .property("ElementName", CimValue.string("ReplicaCIM"))
                .property("Description", CimValue.string("ReplicaCIM WBEM Server version " + id.version()))
                .property("OperationalStatus", CimValue.uint16Array(2))
                .property("EnabledState", CimValue.uint16(2))
                .property("Started", CimValue.bool(true))
                .property("GatherStatisticalData", CimValue.bool(false))
                .build();
    }

    private ObjectPath mechanismPath(ServerIdentity.Endpoint e) {
        return ObjectPath.builder("CIM_CIMXMLCommunicationMechanism").namespace(id.interopNamespace())
                .key("SystemCreationClassName", id.systemCreationClassName())
                .key("SystemName", id.systemName())
                .key("CreationClassName", "CIM_CIMXMLCommunicationMechanism")
                .key("Name", "ReplicaCIM+" + e.scheme() + "+" + e.port()).build();
    }

    private List<CimInstance> mechanisms() {
        List<CimInstance> out = new ArrayList<>();
        for (ServerIdentity.Endpoint e : id.endpoints()) {
            List<Object> fp = new ArrayList<>();
            for (int f : FUNCTIONAL_PROFILES) {
                fp.add(f);
            }
            ObjectPath p = mechanismPath(e);
            CimInstance.Builder b = CimInstance.builder("CIM_CIMXMLCommunicationMechanism").path(p);
            for (var k : p.keys()) {
                b.property(CimProperty.of(k.name(), k.value()));
            }
            out.add(b.property("ElementName", CimValue.string("CIM-XML over " + e.scheme().toUpperCase(java.util.Locale.ROOT)))
                    .property("CommunicationMechanism", CimValue.uint16(2))
                    .property("Version", CimValue.string("1.0"))
                    .property("CIMXMLProtocolVersion", CimValue.uint16(1))
                    .property("CIMValidated", CimValue.bool(false))
                    .property("FunctionalProfilesSupported", CimValue.array(org.replicacim.cim.CimType.UINT16, fp))
                    .property("FunctionalProfileDescriptions", CimValue.stringArray(FUNCTIONAL_PROFILE_NAMES))
                    .property("MultipleOperationsSupported", CimValue.bool(false))
                    .property("AuthenticationMechanismsSupported", CimValue.uint16Array(e.authenticated() ? 3 : 2))
                    .property("AuthenticationMechanismDescriptions",
                            CimValue.stringArray(e.authenticated() ? "Basic" : "None"))
                    .property("AdvertiseTypes", CimValue.uint16Array(2))
                    .property("EnabledState", CimValue.uint16(2))
                    .property("OperationalStatus", CimValue.uint16Array(2))
                    .build());
        }
        return out;
    }

    private List<CimInstance> mechanismLinks() {
        List<CimInstance> out = new ArrayList<>();
        for (ServerIdentity.Endpoint e : id.endpoints()) {
            out.add(link("CIM_CommMechanismForManager", objectManagerPath(), mechanismPath(e)));
        }
        return out;
    }

    private ObjectPath namespacePath(Namespace ns) {
        return ObjectPath.builder("CIM_Namespace").namespace(id.interopNamespace())
                .key("SystemCreationClassName", id.systemCreationClassName())
                .key("SystemName", id.systemName())
                .key("ObjectManagerCreationClassName", "CIM_ObjectManager")
                .key("ObjectManagerName", id.objectManagerName())
                .key("CreationClassName", "CIM_Namespace")
                .key("Name", ns.value()).build();
    }

    private List<CimInstance> namespaces() {
        List<CimInstance> out = new ArrayList<>();
        for (Namespace ns : id.namespaces()) {
            ObjectPath p = namespacePath(ns);
            CimInstance.Builder b = CimInstance.builder("CIM_Namespace").path(p);
            for (var k : p.keys()) {
                b.property(CimProperty.of(k.name(), k.value()));
            }
            out.add(b.property("ElementName", CimValue.string(ns.value()))
                    .property("ClassInfo", CimValue.uint16(0))
                    .property("ClassType", CimValue.uint16(2))
                    .property("ClassTypeVersion", CimValue.string("2.41.0"))
                    .property("DescriptionOfClassType", CimValue.string("CIM 2.41.0 Experimental"))
                    .build());
        }
        return out;
    }

    private List<CimInstance> namespaceLinks() {
        List<CimInstance> out = new ArrayList<>();
        for (Namespace ns : id.namespaces()) {
            out.add(link("CIM_NamespaceInManager", objectManagerPath(), namespacePath(ns)));
        }
        return out;
    }

    private CimInstance link(String cls, ObjectPath antecedent, ObjectPath dependent) {
        ObjectPath p = ObjectPath.builder(cls).namespace(id.interopNamespace())
                .key("Antecedent", CimValue.reference(antecedent))
                .key("Dependent", CimValue.reference(dependent)).build();
        return CimInstance.builder(cls).path(p)
                .property("Antecedent", CimValue.reference(antecedent))
                .property("Dependent", CimValue.reference(dependent)).build();
    }

}
