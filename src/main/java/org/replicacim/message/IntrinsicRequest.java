package org.replicacim.message;

import java.util.List;
import java.util.Objects;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;

/**
 * The DSP0200 intrinsic operations, one record each, with absent parameters already set to the operation's
 * default. A {@code propertyList} of null means "all properties"; an empty list means "none".
 */
public sealed interface IntrinsicRequest extends OperationRequest {

    /** How the objects of a successful response are written. */
    ReturnKind returnKind();

    /** The Open/Pull options shared by every Open operation. */
    record PullOptions(String filterQueryLanguage, String filterQuery, Long operationTimeout,
                       boolean continueOnError, long maxObjectCount) {
        public static final PullOptions DEFAULT = new PullOptions(null, null, null, false, 0);
    }

    // ---- classes and qualifiers ------------------------------------------------------------------

    record GetClass(Namespace namespace, CimName className, boolean localOnly, boolean includeQualifiers,
                    boolean includeClassOrigin, List<CimName> propertyList) implements IntrinsicRequest {
        public GetClass {
            Objects.requireNonNull(className, "ClassName");
            propertyList = copy(propertyList);
        }
        public String operationName() { return "GetClass"; }
        public ReturnKind returnKind() { return ReturnKind.CLASS; }
    }

    record EnumerateClasses(Namespace namespace, CimName className, boolean deepInheritance, boolean localOnly,
                            boolean includeQualifiers, boolean includeClassOrigin) implements IntrinsicRequest {
        public String operationName() { return "EnumerateClasses"; }
        public ReturnKind returnKind() { return ReturnKind.CLASS; }
    }

    record EnumerateClassNames(Namespace namespace, CimName className, boolean deepInheritance)
            implements IntrinsicRequest {
        public String operationName() { return "EnumerateClassNames"; }
        public ReturnKind returnKind() { return ReturnKind.CLASS_NAME; }
    }

    record CreateClass(Namespace namespace, CimClass newClass) implements IntrinsicRequest {
        public String operationName() { return "CreateClass"; }
        public ReturnKind returnKind() { return ReturnKind.NONE; }
    }

    record ModifyClass(Namespace namespace, CimClass modifiedClass) implements IntrinsicRequest {
        public String operationName() { return "ModifyClass"; }
        public ReturnKind returnKind() { return ReturnKind.NONE; }
    }

    record DeleteClass(Namespace namespace, CimName className) implements IntrinsicRequest {
        public String operationName() { return "DeleteClass"; }
        public ReturnKind returnKind() { return ReturnKind.NONE; }
    }

    record GetQualifier(Namespace namespace, CimName qualifierName) implements IntrinsicRequest {
        public String operationName() { return "GetQualifier"; }
        public ReturnKind returnKind() { return ReturnKind.QUALIFIER_DECLARATION; }
    }

    record SetQualifier(Namespace namespace, QualifierDeclaration qualifierDeclaration) implements IntrinsicRequest {
        public String operationName() { return "SetQualifier"; }
        public ReturnKind returnKind() { return ReturnKind.NONE; }
    }

    record DeleteQualifier(Namespace namespace, CimName qualifierName) implements IntrinsicRequest {
        public String operationName() { return "DeleteQualifier"; }
        public ReturnKind returnKind() { return ReturnKind.NONE; }
    }

    record EnumerateQualifiers(Namespace namespace) implements IntrinsicRequest {
        public String operationName() { return "EnumerateQualifiers"; }
        public ReturnKind returnKind() { return ReturnKind.QUALIFIER_DECLARATION; }
    }

    // ---- instances -------------------------------------------------------------------------------

    record GetInstance(Namespace namespace, ObjectPath instanceName, boolean localOnly, boolean includeQualifiers,
                       boolean includeClassOrigin, List<CimName> propertyList) implements IntrinsicRequest {
        public GetInstance {
            Objects.requireNonNull(instanceName, "InstanceName");
            propertyList = copy(propertyList);
        }
        public String operationName() { return "GetInstance"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE; }
    }

    record EnumerateInstances(Namespace namespace, CimName className, boolean localOnly, boolean deepInheritance,
                              boolean includeQualifiers, boolean includeClassOrigin, List<CimName> propertyList)
            implements IntrinsicRequest {
        public EnumerateInstances {
            Objects.requireNonNull(className, "ClassName");
            propertyList = copy(propertyList);
        }
        public String operationName() { return "EnumerateInstances"; }
        public ReturnKind returnKind() { return ReturnKind.NAMED_INSTANCE; }
    }

    record EnumerateInstanceNames(Namespace namespace, CimName className) implements IntrinsicRequest {
        public EnumerateInstanceNames {
            Objects.requireNonNull(className, "ClassName");
        }
        public String operationName() { return "EnumerateInstanceNames"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE_NAME; }
    }

    record CreateInstance(Namespace namespace, CimInstance newInstance) implements IntrinsicRequest {
        public CreateInstance {
            Objects.requireNonNull(newInstance, "NewInstance");
        }
        public String operationName() { return "CreateInstance"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE_NAME; }
    }

    /** The modified instance carries its path (VALUE.NAMEDINSTANCE). */
    record ModifyInstance(Namespace namespace, CimInstance modifiedInstance, boolean includeQualifiers,
                          List<CimName> propertyList) implements IntrinsicRequest {
        public ModifyInstance {
            Objects.requireNonNull(modifiedInstance, "ModifiedInstance");
            propertyList = copy(propertyList);
        }
        public String operationName() { return "ModifyInstance"; }
        public ReturnKind returnKind() { return ReturnKind.NONE; }
    }

    record DeleteInstance(Namespace namespace, ObjectPath instanceName) implements IntrinsicRequest {
        public DeleteInstance {
            Objects.requireNonNull(instanceName, "InstanceName");
        }
        public String operationName() { return "DeleteInstance"; }
        public ReturnKind returnKind() { return ReturnKind.NONE; }
    }

    record GetProperty(Namespace namespace, ObjectPath instanceName, CimName propertyName)
            implements IntrinsicRequest {
        public String operationName() { return "GetProperty"; }
        public ReturnKind returnKind() { return ReturnKind.VALUE; }
    }

    /** {@code newValue} is null for NULL; when the client sent no type it is an untyped string (typeKnown false). */
    record SetProperty(Namespace namespace, ObjectPath instanceName, CimName propertyName, CimValue newValue,
                       boolean typeKnown) implements IntrinsicRequest {
        public String operationName() { return "SetProperty"; }
        public ReturnKind returnKind() { return ReturnKind.NONE; }
    }

    // ---- associations ----------------------------------------------------------------------------

    /** {@code objectName} is a class path for class-level calls. */
    record Associators(Namespace namespace, ObjectPath objectName, CimName assocClass, CimName resultClass,
                       String role, String resultRole, boolean includeQualifiers, boolean includeClassOrigin,
                       List<CimName> propertyList) implements IntrinsicRequest {
        public Associators {
            Objects.requireNonNull(objectName, "ObjectName");
            propertyList = copy(propertyList);
        }
        public String operationName() { return "Associators"; }
        public ReturnKind returnKind() { return ReturnKind.OBJECT_WITH_PATH; }
    }

    record AssociatorNames(Namespace namespace, ObjectPath objectName, CimName assocClass, CimName resultClass,
                           String role, String resultRole) implements IntrinsicRequest {
        public AssociatorNames {
            Objects.requireNonNull(objectName, "ObjectName");
        }
        public String operationName() { return "AssociatorNames"; }
        public ReturnKind returnKind() { return ReturnKind.OBJECT_PATH; }
    }

    record References(Namespace namespace, ObjectPath objectName, CimName resultClass, String role,
                      boolean includeQualifiers, boolean includeClassOrigin, List<CimName> propertyList)
            implements IntrinsicRequest {
        public References {
            Objects.requireNonNull(objectName, "ObjectName");
            propertyList = copy(propertyList);
        }
        public String operationName() { return "References"; }
        public ReturnKind returnKind() { return ReturnKind.OBJECT_WITH_PATH; }
    }

    record ReferenceNames(Namespace namespace, ObjectPath objectName, CimName resultClass, String role)
            implements IntrinsicRequest {
        public ReferenceNames {
            Objects.requireNonNull(objectName, "ObjectName");
        }
        public String operationName() { return "ReferenceNames"; }
        public ReturnKind returnKind() { return ReturnKind.OBJECT_PATH; }
    }

    record ExecQuery(Namespace namespace, String queryLanguage, String query) implements IntrinsicRequest {
        public String operationName() { return "ExecQuery"; }
        public ReturnKind returnKind() { return ReturnKind.OBJECT_WITH_PATH; }
    }

    // ---- pull operations -------------------------------------------------------------------------

    record OpenEnumerateInstances(Namespace namespace, CimName className, boolean deepInheritance,
                                  boolean includeClassOrigin, List<CimName> propertyList, PullOptions options)
            implements IntrinsicRequest {
        public OpenEnumerateInstances {
            Objects.requireNonNull(className, "ClassName");
            propertyList = copy(propertyList);
        }
        public String operationName() { return "OpenEnumerateInstances"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE_WITH_PATH; }
    }

    record OpenEnumerateInstancePaths(Namespace namespace, CimName className, PullOptions options)
            implements IntrinsicRequest {
        public String operationName() { return "OpenEnumerateInstancePaths"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE_PATH; }
    }

    record OpenReferenceInstances(Namespace namespace, ObjectPath instanceName, CimName resultClass, String role,
                                  boolean includeClassOrigin, List<CimName> propertyList, PullOptions options)
            implements IntrinsicRequest {
        public OpenReferenceInstances {
            propertyList = copy(propertyList);
        }
        public String operationName() { return "OpenReferenceInstances"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE_WITH_PATH; }
    }

    record OpenReferenceInstancePaths(Namespace namespace, ObjectPath instanceName, CimName resultClass, String role,
                                      PullOptions options) implements IntrinsicRequest {
        public String operationName() { return "OpenReferenceInstancePaths"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE_PATH; }
    }

    record OpenAssociatorInstances(Namespace namespace, ObjectPath instanceName, CimName assocClass,
                                   CimName resultClass, String role, String resultRole, boolean includeClassOrigin,
                                   List<CimName> propertyList, PullOptions options) implements IntrinsicRequest {
        public OpenAssociatorInstances {
            propertyList = copy(propertyList);
        }
        public String operationName() { return "OpenAssociatorInstances"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE_WITH_PATH; }
    }

    record OpenAssociatorInstancePaths(Namespace namespace, ObjectPath instanceName, CimName assocClass,
                                       CimName resultClass, String role, String resultRole, PullOptions options)
            implements IntrinsicRequest {
        public String operationName() { return "OpenAssociatorInstancePaths"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE_PATH; }
    }

    record OpenQueryInstances(Namespace namespace, String filterQueryLanguage, String filterQuery,
                              boolean returnQueryResultClass, PullOptions options) implements IntrinsicRequest {
        public String operationName() { return "OpenQueryInstances"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE; }
    }

    record PullInstancesWithPath(Namespace namespace, String enumerationContext, long maxObjectCount)
            implements IntrinsicRequest {
        public String operationName() { return "PullInstancesWithPath"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE_WITH_PATH; }
    }

    record PullInstancePaths(Namespace namespace, String enumerationContext, long maxObjectCount)
            implements IntrinsicRequest {
        public String operationName() { return "PullInstancePaths"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE_PATH; }
    }

    record PullInstances(Namespace namespace, String enumerationContext, long maxObjectCount)
            implements IntrinsicRequest {
        public String operationName() { return "PullInstances"; }
        public ReturnKind returnKind() { return ReturnKind.INSTANCE; }
    }

    record CloseEnumeration(Namespace namespace, String enumerationContext) implements IntrinsicRequest {
        public String operationName() { return "CloseEnumeration"; }
        public ReturnKind returnKind() { return ReturnKind.NONE; }
    }

    record EnumerationCount(Namespace namespace, String enumerationContext) implements IntrinsicRequest {
        public String operationName() { return "EnumerationCount"; }
        public ReturnKind returnKind() { return ReturnKind.VALUE; }
    }

    /** Copies a property list, keeping null (all properties) distinct from empty (none). */
    private static List<CimName> copy(List<CimName> list) {
        return list == null ? null : List.copyOf(list);
    }
}
