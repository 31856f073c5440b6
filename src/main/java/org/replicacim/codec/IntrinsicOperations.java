package org.replicacim.codec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.codec.dtd.ClassElement;
import org.replicacim.codec.dtd.ClassNameElement;
import org.replicacim.codec.dtd.EnumerationContextElement;
import org.replicacim.codec.dtd.IParamValueElement;
import org.replicacim.codec.dtd.InstanceElement;
import org.replicacim.codec.dtd.InstanceNameElement;
import org.replicacim.codec.dtd.QualifierDeclarationElement;
import org.replicacim.codec.dtd.ValueArrayElement;
import org.replicacim.codec.dtd.ValueElement;
import org.replicacim.codec.dtd.ValueNamedInstanceElement;
import org.replicacim.codec.dtd.ValueNullElement;
import org.replicacim.codec.dtd.ValueReferenceElement;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.IntrinsicRequest.PullOptions;

/**
 * The intrinsic operations of DSP0200 as a table (protocol reference §3.2): for each operation its IPARAMVALUEs with
 * their CIM-XML form, whether they are required, their defaults, and how they map to and from the request record.
 * The reader and the writer both walk this one table.
 */
final class IntrinsicOperations {

    /** The CIM-XML form of an IPARAMVALUE. */
    enum Kind { BOOL, CLASSNAME, INSTANCENAME, OBJECTNAME, STRING, UINT32, PROPERTYLIST, INSTANCE, NAMEDINSTANCE,
        CLASS, QUALIFIER_DECLARATION, NEW_VALUE, CONTEXT, IGNORED }

    /** A SetProperty NewValue: the value and whether its type was known. */
    record Untyped(CimValue value, boolean typeKnown) {
    }

    record Param<R>(String name, Kind kind, boolean required, Object dflt, Function<R, Object> getter) {
    }

    static final class Op<R extends IntrinsicRequest> {
        final String name;
        final Class<R> type;
        final List<Param<R>> params;
        final Map<String, Param<R>> byName = new HashMap<>();
        final BiFunction<Namespace, Args, R> build;

        Op(String name, Class<R> type, BiFunction<Namespace, Args, R> build, List<Param<R>> params) {
            this.name = name;
            this.type = type;
            this.build = build;
            this.params = params;
            for (Param<R> p : params) {
                byName.put(p.name().toLowerCase(Locale.ROOT), p);
            }
        }
    }

    /** Decoded parameter values by canonical name, defaults applied. */
    static final class Args {
        private final Map<String, Object> values = new HashMap<>();

        boolean bool(String n) {
            return (Boolean) values.get(n);
        }

        CimName name(String n) {
            return (CimName) values.get(n);
        }

        ObjectPath path(String n) {
            return (ObjectPath) values.get(n);
        }

        String string(String n) {
            return (String) values.get(n);
        }

        Long uint32(String n) {
            return (Long) values.get(n);
        }

        long uint32(String n, long dflt) {
            Long v = (Long) values.get(n);
            return v == null ? dflt : v;
        }

        @SuppressWarnings("unchecked")
        List<CimName> names(String n) {
            return (List<CimName>) values.get(n);
        }

        Object get(String n) {
            return values.get(n);
        }

        PullOptions pull() {
            return new PullOptions(string("FilterQueryLanguage"), string("FilterQuery"), uint32("OperationTimeout"),
                    bool("ContinueOnError"), uint32("MaxObjectCount", 0));
        }
    }

    private static final Map<String, Op<?>> OPS = new LinkedHashMap<>();
    private static final Map<Class<?>, Op<?>> BY_TYPE = new HashMap<>();

    private static <R> Param<R> p(String name, Kind kind, Object dflt, Function<R, Object> getter) {
        return new Param<>(name, kind, false, dflt, getter);
    }

    private static <R> Param<R> req(String name, Kind kind, Function<R, Object> getter) {
        return new Param<>(name, kind, true, null, getter);
    }

    @SafeVarargs
    private static <R extends IntrinsicRequest> void op(String name, Class<R> type, BiFunction<Namespace, Args, R> build,
                                                        Param<R>... params) {
        Op<R> op = new Op<>(name, type, build, List.of(params));
        OPS.put(name.toLowerCase(Locale.ROOT), op);
        BY_TYPE.put(type, op);
    }

    private static PullOptions opts(PullOptions o) {
        return o == null ? PullOptions.DEFAULT : o;
    }

    @SuppressWarnings("unchecked")
    private static <R extends IntrinsicRequest> Param<R>[] pullParams(Function<R, PullOptions> options) {
        return new Param[] {
            p("FilterQueryLanguage", Kind.STRING, null, (R r) -> opts(options.apply(r)).filterQueryLanguage()),
            p("FilterQuery", Kind.STRING, null, (R r) -> opts(options.apply(r)).filterQuery()),
            p("OperationTimeout", Kind.UINT32, null, (R r) -> opts(options.apply(r)).operationTimeout()),
            p("ContinueOnError", Kind.BOOL, false, (R r) -> opts(options.apply(r)).continueOnError()),
            p("MaxObjectCount", Kind.UINT32, null, (R r) -> opts(options.apply(r)).maxObjectCount()),
            p("LocalOnly", Kind.IGNORED, null, (R r) -> null),
            p("IncludeQualifiers", Kind.IGNORED, null, (R r) -> null),
        };
    }

    @SafeVarargs
    private static <R> Param<R>[] concat(Param<R>[] tail, Param<R>... head) {
        Param<R>[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    static {
        op("GetClass", IntrinsicRequest.GetClass.class,
            (ns, a) -> new IntrinsicRequest.GetClass(ns, a.name("ClassName"), a.bool("LocalOnly"), a.bool("IncludeQualifiers"),
                a.bool("IncludeClassOrigin"), a.names("PropertyList")),
            req("ClassName", Kind.CLASSNAME, r -> r.className()),
            p("LocalOnly", Kind.BOOL, true, r -> r.localOnly()),
            p("IncludeQualifiers", Kind.BOOL, true, r -> r.includeQualifiers()),
            p("IncludeClassOrigin", Kind.BOOL, false, r -> r.includeClassOrigin()),
            p("PropertyList", Kind.PROPERTYLIST, null, r -> r.propertyList()));
        op("EnumerateClasses", IntrinsicRequest.EnumerateClasses.class,
            (ns, a) -> new IntrinsicRequest.EnumerateClasses(ns, a.name("ClassName"), a.bool("DeepInheritance"),
                a.bool("LocalOnly"), a.bool("IncludeQualifiers"), a.bool("IncludeClassOrigin")),
            p("ClassName", Kind.CLASSNAME, null, r -> r.className()),
            p("DeepInheritance", Kind.BOOL, false, r -> r.deepInheritance()),
            p("LocalOnly", Kind.BOOL, true, r -> r.localOnly()),
            p("IncludeQualifiers", Kind.BOOL, true, r -> r.includeQualifiers()),
            p("IncludeClassOrigin", Kind.BOOL, false, r -> r.includeClassOrigin()));
        op("EnumerateClassNames", IntrinsicRequest.EnumerateClassNames.class,
            (ns, a) -> new IntrinsicRequest.EnumerateClassNames(ns, a.name("ClassName"), a.bool("DeepInheritance")),
            p("ClassName", Kind.CLASSNAME, null, r -> r.className()),
            p("DeepInheritance", Kind.BOOL, false, r -> r.deepInheritance()));
        op("CreateClass", IntrinsicRequest.CreateClass.class,
            (ns, a) -> new IntrinsicRequest.CreateClass(ns, (CimClass) a.get("NewClass")),
            req("NewClass", Kind.CLASS, r -> r.newClass()));
        op("ModifyClass", IntrinsicRequest.ModifyClass.class,
            (ns, a) -> new IntrinsicRequest.ModifyClass(ns, (CimClass) a.get("ModifiedClass")),
            req("ModifiedClass", Kind.CLASS, r -> r.modifiedClass()));
        op("DeleteClass", IntrinsicRequest.DeleteClass.class,
            (ns, a) -> new IntrinsicRequest.DeleteClass(ns, a.name("ClassName")),
            req("ClassName", Kind.CLASSNAME, r -> r.className()));
        op("GetQualifier", IntrinsicRequest.GetQualifier.class,
            (ns, a) -> new IntrinsicRequest.GetQualifier(ns, a.name("QualifierName")),
            req("QualifierName", Kind.CLASSNAME, r -> r.qualifierName()));
        op("SetQualifier", IntrinsicRequest.SetQualifier.class,
            (ns, a) -> new IntrinsicRequest.SetQualifier(ns, (QualifierDeclaration) a.get("QualifierDeclaration")),
            req("QualifierDeclaration", Kind.QUALIFIER_DECLARATION, r -> r.qualifierDeclaration()));
        op("DeleteQualifier", IntrinsicRequest.DeleteQualifier.class,
            (ns, a) -> new IntrinsicRequest.DeleteQualifier(ns, a.name("QualifierName")),
            req("QualifierName", Kind.CLASSNAME, r -> r.qualifierName()));
        op("EnumerateQualifiers", IntrinsicRequest.EnumerateQualifiers.class,
            (ns, a) -> new IntrinsicRequest.EnumerateQualifiers(ns));
        op("GetInstance", IntrinsicRequest.GetInstance.class,
            (ns, a) -> new IntrinsicRequest.GetInstance(ns, a.path("InstanceName"), a.bool("LocalOnly"),
                a.bool("IncludeQualifiers"), a.bool("IncludeClassOrigin"), a.names("PropertyList")),
            req("InstanceName", Kind.INSTANCENAME, r -> r.instanceName()),
            p("LocalOnly", Kind.BOOL, true, r -> r.localOnly()),
            p("IncludeQualifiers", Kind.BOOL, false, r -> r.includeQualifiers()),
            p("IncludeClassOrigin", Kind.BOOL, false, r -> r.includeClassOrigin()),
            p("PropertyList", Kind.PROPERTYLIST, null, r -> r.propertyList()));
        op("EnumerateInstances", IntrinsicRequest.EnumerateInstances.class,
            (ns, a) -> new IntrinsicRequest.EnumerateInstances(ns, a.name("ClassName"), a.bool("LocalOnly"),
                a.bool("DeepInheritance"), a.bool("IncludeQualifiers"), a.bool("IncludeClassOrigin"), a.names("PropertyList")),
            req("ClassName", Kind.CLASSNAME, r -> r.className()),
            p("LocalOnly", Kind.BOOL, true, r -> r.localOnly()),
            p("DeepInheritance", Kind.BOOL, true, r -> r.deepInheritance()),
            p("IncludeQualifiers", Kind.BOOL, false, r -> r.includeQualifiers()),
            p("IncludeClassOrigin", Kind.BOOL, false, r -> r.includeClassOrigin()),
            p("PropertyList", Kind.PROPERTYLIST, null, r -> r.propertyList()));
        op("EnumerateInstanceNames", IntrinsicRequest.EnumerateInstanceNames.class,
            (ns, a) -> new IntrinsicRequest.EnumerateInstanceNames(ns, a.name("ClassName")),
            req("ClassName", Kind.CLASSNAME, r -> r.className()));
        op("CreateInstance", IntrinsicRequest.CreateInstance.class,
            (ns, a) -> new IntrinsicRequest.CreateInstance(ns, (CimInstance) a.get("NewInstance")),
            req("NewInstance", Kind.INSTANCE, r -> r.newInstance()));
        op("ModifyInstance", IntrinsicRequest.ModifyInstance.class,
            (ns, a) -> new IntrinsicRequest.ModifyInstance(ns, (CimInstance) a.get("ModifiedInstance"),
                a.bool("IncludeQualifiers"), a.names("PropertyList")),
            req("ModifiedInstance", Kind.NAMEDINSTANCE, r -> r.modifiedInstance()),
            p("IncludeQualifiers", Kind.BOOL, true, r -> r.includeQualifiers()),
            p("PropertyList", Kind.PROPERTYLIST, null, r -> r.propertyList()));
        op("DeleteInstance", IntrinsicRequest.DeleteInstance.class,
            (ns, a) -> new IntrinsicRequest.DeleteInstance(ns, a.path("InstanceName")),
            req("InstanceName", Kind.INSTANCENAME, r -> r.instanceName()));
        op("GetProperty", IntrinsicRequest.GetProperty.class,
            (ns, a) -> new IntrinsicRequest.GetProperty(ns, a.path("InstanceName"), a.name("PropertyName")),
            req("InstanceName", Kind.INSTANCENAME, r -> r.instanceName()),
            req("PropertyName", Kind.CLASSNAME, r -> r.propertyName()));
        op("SetProperty", IntrinsicRequest.SetProperty.class,
            (ns, a) -> {
                Untyped u = (Untyped) a.get("NewValue");
                return new IntrinsicRequest.SetProperty(ns, a.path("InstanceName"), a.name("PropertyName"),
                    u == null ? null : u.value(), u != null && u.typeKnown());
            },
            req("InstanceName", Kind.INSTANCENAME, r -> r.instanceName()),
            req("PropertyName", Kind.CLASSNAME, r -> r.propertyName()),
            p("NewValue", Kind.NEW_VALUE, null, r -> r.newValue() == null ? null : new Untyped(r.newValue(), r.typeKnown())));
        op("Associators", IntrinsicRequest.Associators.class,
            (ns, a) -> new IntrinsicRequest.Associators(ns, a.path("ObjectName"), a.name("AssocClass"), a.name("ResultClass"),
                a.string("Role"), a.string("ResultRole"), a.bool("IncludeQualifiers"), a.bool("IncludeClassOrigin"),
                a.names("PropertyList")),
            req("ObjectName", Kind.OBJECTNAME, r -> r.objectName()),
            p("AssocClass", Kind.CLASSNAME, null, r -> r.assocClass()),
            p("ResultClass", Kind.CLASSNAME, null, r -> r.resultClass()),
            p("Role", Kind.STRING, null, r -> r.role()),
            p("ResultRole", Kind.STRING, null, r -> r.resultRole()),
            p("IncludeQualifiers", Kind.BOOL, false, r -> r.includeQualifiers()),
            p("IncludeClassOrigin", Kind.BOOL, false, r -> r.includeClassOrigin()),
            p("PropertyList", Kind.PROPERTYLIST, null, r -> r.propertyList()));
        op("AssociatorNames", IntrinsicRequest.AssociatorNames.class,
            (ns, a) -> new IntrinsicRequest.AssociatorNames(ns, a.path("ObjectName"), a.name("AssocClass"),
                a.name("ResultClass"), a.string("Role"), a.string("ResultRole")),
            req("ObjectName", Kind.OBJECTNAME, r -> r.objectName()),
            p("AssocClass", Kind.CLASSNAME, null, r -> r.assocClass()),
            p("ResultClass", Kind.CLASSNAME, null, r -> r.resultClass()),
            p("Role", Kind.STRING, null, r -> r.role()),
            p("ResultRole", Kind.STRING, null, r -> r.resultRole()));
        op("References", IntrinsicRequest.References.class,
            (ns, a) -> new IntrinsicRequest.References(ns, a.path("ObjectName"), a.name("ResultClass"), a.string("Role"),
                a.bool("IncludeQualifiers"), a.bool("IncludeClassOrigin"), a.names("PropertyList")),
            req("ObjectName", Kind.OBJECTNAME, r -> r.objectName()),
            p("ResultClass", Kind.CLASSNAME, null, r -> r.resultClass()),
            p("Role", Kind.STRING, null, r -> r.role()),
            p("IncludeQualifiers", Kind.BOOL, false, r -> r.includeQualifiers()),
            p("IncludeClassOrigin", Kind.BOOL, false, r -> r.includeClassOrigin()),
            p("PropertyList", Kind.PROPERTYLIST, null, r -> r.propertyList()));
        op("ReferenceNames", IntrinsicRequest.ReferenceNames.class,
            (ns, a) -> new IntrinsicRequest.ReferenceNames(ns, a.path("ObjectName"), a.name("ResultClass"), a.string("Role")),
            req("ObjectName", Kind.OBJECTNAME, r -> r.objectName()),
            p("ResultClass", Kind.CLASSNAME, null, r -> r.resultClass()),
            p("Role", Kind.STRING, null, r -> r.role()));
        op("ExecQuery", IntrinsicRequest.ExecQuery.class,
            (ns, a) -> new IntrinsicRequest.ExecQuery(ns, a.string("QueryLanguage"), a.string("Query")),
            req("QueryLanguage", Kind.STRING, r -> r.queryLanguage()),
            req("Query", Kind.STRING, r -> r.query()));
        op("OpenEnumerateInstances", IntrinsicRequest.OpenEnumerateInstances.class,
            (ns, a) -> new IntrinsicRequest.OpenEnumerateInstances(ns, a.name("ClassName"), a.bool("DeepInheritance"),
                a.bool("IncludeClassOrigin"), a.names("PropertyList"), a.pull()),
            concat(pullParams(IntrinsicRequest.OpenEnumerateInstances::options),
                req("ClassName", Kind.CLASSNAME, r -> r.className()),
                p("DeepInheritance", Kind.BOOL, true, r -> r.deepInheritance()),
                p("IncludeClassOrigin", Kind.BOOL, false, r -> r.includeClassOrigin()),
                p("PropertyList", Kind.PROPERTYLIST, null, r -> r.propertyList())));
        op("OpenEnumerateInstancePaths", IntrinsicRequest.OpenEnumerateInstancePaths.class,
            (ns, a) -> new IntrinsicRequest.OpenEnumerateInstancePaths(ns, a.name("ClassName"), a.pull()),
            concat(pullParams(IntrinsicRequest.OpenEnumerateInstancePaths::options),
                req("ClassName", Kind.CLASSNAME, r -> r.className())));
        op("OpenReferenceInstances", IntrinsicRequest.OpenReferenceInstances.class,
            (ns, a) -> new IntrinsicRequest.OpenReferenceInstances(ns, a.path("InstanceName"), a.name("ResultClass"),
                a.string("Role"), a.bool("IncludeClassOrigin"), a.names("PropertyList"), a.pull()),
            concat(pullParams(IntrinsicRequest.OpenReferenceInstances::options),
                req("InstanceName", Kind.INSTANCENAME, r -> r.instanceName()),
                p("ResultClass", Kind.CLASSNAME, null, r -> r.resultClass()),
                p("Role", Kind.STRING, null, r -> r.role()),
                p("IncludeClassOrigin", Kind.BOOL, false, r -> r.includeClassOrigin()),
                p("PropertyList", Kind.PROPERTYLIST, null, r -> r.propertyList())));
        op("OpenReferenceInstancePaths", IntrinsicRequest.OpenReferenceInstancePaths.class,
            (ns, a) -> new IntrinsicRequest.OpenReferenceInstancePaths(ns, a.path("InstanceName"), a.name("ResultClass"),
                a.string("Role"), a.pull()),
            concat(pullParams(IntrinsicRequest.OpenReferenceInstancePaths::options),
                req("InstanceName", Kind.INSTANCENAME, r -> r.instanceName()),
                p("ResultClass", Kind.CLASSNAME, null, r -> r.resultClass()),
                p("Role", Kind.STRING, null, r -> r.role())));
        op("OpenAssociatorInstances", IntrinsicRequest.OpenAssociatorInstances.class,
            (ns, a) -> new IntrinsicRequest.OpenAssociatorInstances(ns, a.path("InstanceName"), a.name("AssocClass"),
                a.name("ResultClass"), a.string("Role"), a.string("ResultRole"), a.bool("IncludeClassOrigin"),
                a.names("PropertyList"), a.pull()),
            concat(pullParams(IntrinsicRequest.OpenAssociatorInstances::options),
                req("InstanceName", Kind.INSTANCENAME, r -> r.instanceName()),
                p("AssocClass", Kind.CLASSNAME, null, r -> r.assocClass()),
                p("ResultClass", Kind.CLASSNAME, null, r -> r.resultClass()),
                p("Role", Kind.STRING, null, r -> r.role()),
                p("ResultRole", Kind.STRING, null, r -> r.resultRole()),
                p("IncludeClassOrigin", Kind.BOOL, false, r -> r.includeClassOrigin()),
                p("PropertyList", Kind.PROPERTYLIST, null, r -> r.propertyList())));
        op("OpenAssociatorInstancePaths", IntrinsicRequest.OpenAssociatorInstancePaths.class,
            (ns, a) -> new IntrinsicRequest.OpenAssociatorInstancePaths(ns, a.path("InstanceName"), a.name("AssocClass"),
                a.name("ResultClass"), a.string("Role"), a.string("ResultRole"), a.pull()),
            concat(pullParams(IntrinsicRequest.OpenAssociatorInstancePaths::options),
                req("InstanceName", Kind.INSTANCENAME, r -> r.instanceName()),
                p("AssocClass", Kind.CLASSNAME, null, r -> r.assocClass()),
                p("ResultClass", Kind.CLASSNAME, null, r -> r.resultClass()),
                p("Role", Kind.STRING, null, r -> r.role()),
                p("ResultRole", Kind.STRING, null, r -> r.resultRole())));
        op("OpenQueryInstances", IntrinsicRequest.OpenQueryInstances.class,
            (ns, a) -> new IntrinsicRequest.OpenQueryInstances(ns, a.string("FilterQueryLanguage"), a.string("FilterQuery"),
                a.bool("ReturnQueryResultClass"), new PullOptions(null, null, a.uint32("OperationTimeout"),
                    a.bool("ContinueOnError"), a.uint32("MaxObjectCount", 0))),
            req("FilterQueryLanguage", Kind.STRING, r -> r.filterQueryLanguage()),
            req("FilterQuery", Kind.STRING, r -> r.filterQuery()),
            p("ReturnQueryResultClass", Kind.BOOL, false, r -> r.returnQueryResultClass()),
            p("OperationTimeout", Kind.UINT32, null, r -> opts(r.options()).operationTimeout()),
            p("ContinueOnError", Kind.BOOL, false, r -> opts(r.options()).continueOnError()),
            p("MaxObjectCount", Kind.UINT32, null, r -> opts(r.options()).maxObjectCount()),
            p("LocalOnly", Kind.IGNORED, null, r -> null),
            p("IncludeQualifiers", Kind.IGNORED, null, r -> null));
        op("PullInstancesWithPath", IntrinsicRequest.PullInstancesWithPath.class,
            (ns, a) -> new IntrinsicRequest.PullInstancesWithPath(ns, a.string("EnumerationContext"), a.uint32("MaxObjectCount")),
            req("EnumerationContext", Kind.CONTEXT, r -> r.enumerationContext()),
            req("MaxObjectCount", Kind.UINT32, r -> r.maxObjectCount()));
        op("PullInstancePaths", IntrinsicRequest.PullInstancePaths.class,
            (ns, a) -> new IntrinsicRequest.PullInstancePaths(ns, a.string("EnumerationContext"), a.uint32("MaxObjectCount")),
            req("EnumerationContext", Kind.CONTEXT, r -> r.enumerationContext()),
            req("MaxObjectCount", Kind.UINT32, r -> r.maxObjectCount()));
        op("PullInstances", IntrinsicRequest.PullInstances.class,
            (ns, a) -> new IntrinsicRequest.PullInstances(ns, a.string("EnumerationContext"), a.uint32("MaxObjectCount")),
            req("EnumerationContext", Kind.CONTEXT, r -> r.enumerationContext()),
            req("MaxObjectCount", Kind.UINT32, r -> r.maxObjectCount()));
        op("CloseEnumeration", IntrinsicRequest.CloseEnumeration.class,
            (ns, a) -> new IntrinsicRequest.CloseEnumeration(ns, a.string("EnumerationContext")),
            req("EnumerationContext", Kind.CONTEXT, r -> r.enumerationContext()));
        op("EnumerationCount", IntrinsicRequest.EnumerationCount.class,
            (ns, a) -> new IntrinsicRequest.EnumerationCount(ns, a.string("EnumerationContext")),
            req("EnumerationContext", Kind.CONTEXT, r -> r.enumerationContext()));
    }

    private IntrinsicOperations() {
    }

    /** The canonical names of all intrinsic operations. */
    static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Op<?> op : OPS.values()) {
            out.add(op.name);
        }
        return out;
    }

    /** Looks an operation up by name, case-insensitively; null if unknown. */
    static Op<?> byName(String name) {
        return OPS.get(name.toLowerCase(Locale.ROOT));
    }

    // ---- decoding --------------------------------------------------------------------------------

    /** Builds the request record from the IPARAMVALUEs (§3.1 rules: names case-insensitive, no duplicates). */
    static IntrinsicRequest decode(String opName, Namespace ns, List<IParamValueElement> params, ModelDecoder dec) {
        Op<?> op = byName(opName);
        if (op == null) {
            throw CodecFault.status(CimStatus.NOT_SUPPORTED, "intrinsic operation '" + opName + "' is not supported");
        }
        return decode(op, ns, params, dec);
    }

    private static <R extends IntrinsicRequest> R decode(Op<R> op, Namespace ns, List<IParamValueElement> params,
                                                         ModelDecoder dec) {
        Args args = new Args();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (IParamValueElement ip : params) {
            String raw = ModelDecoder.required(ip.name, "IPARAMVALUE", "NAME", "IMETHODCALL '" + op.name + "'");
            String key = raw.toLowerCase(Locale.ROOT);
            Param<R> p = op.byName.get(key);
            if (p == null) {
                throw CodecFault.status(CimStatus.INVALID_PARAMETER,
                        op.name + " has no parameter '" + raw + "' (IPARAMVALUE NAME)");
            }
            if (!seen.add(key)) {
                throw CodecFault.status(CimStatus.INVALID_PARAMETER,
                        "IPARAMVALUE '" + p.name() + "' given twice in " + op.name);
            }
            if (p.kind() == Kind.IGNORED) {
                continue;
            }
            Object v = value(p, ip.content, op.name, dec);
            if (v == null && p.required()) {
                throw CodecFault.status(CimStatus.INVALID_PARAMETER,
                        "required IPARAMVALUE '" + p.name() + "' of " + op.name + " is NULL");
            }
            args.values.put(p.name(), v);
        }
        for (Param<R> p : op.params) {
            if (!seen.contains(p.name().toLowerCase(Locale.ROOT))) {
                if (p.required()) {
                    throw CodecFault.status(CimStatus.INVALID_PARAMETER,
                            op.name + " needs IPARAMVALUE '" + p.name() + "'");
                }
                args.values.put(p.name(), p.dflt());
            } else if (args.values.get(p.name()) == null && p.dflt() != null) {
                args.values.put(p.name(), p.dflt()); // NULL for a parameter with a default (e.g. MaxObjectCount)
            }
        }
        try {
            return op.build.apply(ns, args);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw CodecFault.status(CimStatus.INVALID_PARAMETER, op.name + ": " + e.getMessage());
        }
    }

    private static CodecFault wrongForm(String param, String op, String expected, Object got) {
        String g = got == null ? "nothing" : XmlIo.rootName(got.getClass());
        return CodecFault.status(CimStatus.INVALID_PARAMETER,
                "IPARAMVALUE '" + param + "' of " + op + " must hold " + expected + ", not " + g);
    }

    private static Object value(Param<?> p, Object c, String op, ModelDecoder dec) {
        String where = "IPARAMVALUE '" + p.name() + "' of " + op;
        switch (p.kind()) {
            case BOOL: {
                if (c == null) {
                    throw CodecFault.status(CimStatus.INVALID_PARAMETER, where + ": a boolean parameter cannot be NULL");
                }
                if (!(c instanceof ValueElement v)) {
                    throw wrongForm(p.name(), op, "a VALUE", c);
                }
                Object b = ModelDecoder.scalar(CimType.BOOLEAN, v.text == null ? "" : v.text, "VALUE", where);
                return b;
            }
            case CLASSNAME: {
                if (c == null) {
                    return null;
                }
                if (c instanceof ClassNameElement cn) {
                    return ModelDecoder.className(cn, where);
                }
                if (c instanceof ValueElement v) {
                    return ModelDecoder.name(v.text == null ? "" : v.text.trim(), "VALUE", "text", where);
                }
                throw wrongForm(p.name(), op, "a CLASSNAME", c);
            }
            case INSTANCENAME:
                if (c == null) {
                    return null;
                }
                if (c instanceof InstanceNameElement in) {
                    return dec.instanceName(in, null, null, where);
                }
                throw wrongForm(p.name(), op, "an INSTANCENAME", c);
            case OBJECTNAME:
                if (c == null) {
                    return null;
                }
                if (c instanceof InstanceNameElement in) {
                    return dec.instanceName(in, null, null, where);
                }
                if (c instanceof ClassNameElement cn) {
                    return ObjectPath.ofClass(null, ModelDecoder.className(cn, where));
                }
                throw wrongForm(p.name(), op, "a CLASSNAME or INSTANCENAME", c);
            case STRING:
                if (c == null) {
                    return null;
                }
                if (c instanceof ValueElement v) {
                    return v.text == null ? "" : v.text;
                }
                throw wrongForm(p.name(), op, "a VALUE", c);
            case CONTEXT:
                if (c == null) {
                    return null;
                }
                if (c instanceof ValueElement v) {
                    return v.text == null ? "" : v.text;
                }
                if (c instanceof EnumerationContextElement ec) {
                    return ec.text == null ? "" : ec.text;
                }
                throw wrongForm(p.name(), op, "a VALUE", c);
            case UINT32:
                if (c == null) {
                    return null;
                }
                if (c instanceof ValueElement v) {
                    return ModelDecoder.scalar(CimType.UINT32, v.text == null ? "" : v.text, "VALUE", where);
                }
                throw wrongForm(p.name(), op, "a VALUE", c);
            case PROPERTYLIST: {
                if (c == null) {
                    return null;
                }
                if (!(c instanceof ValueArrayElement va)) {
                    throw wrongForm(p.name(), op, "a VALUE.ARRAY", c);
                }
                List<CimName> names = new ArrayList<>(va.values.size());
                for (Object o : va.values) {
                    if (o instanceof ValueNullElement) {
                        continue;
                    }
                    names.add(ModelDecoder.name(((ValueElement) o).text == null ? "" : ((ValueElement) o).text.trim(),
                            "VALUE", "text", where));
                }
                return names;
            }
            case INSTANCE:
                if (c == null) {
                    return null;
                }
                if (c instanceof InstanceElement ie) {
                    return dec.instance(ie, where);
                }
                throw wrongForm(p.name(), op, "an INSTANCE", c);
            case NAMEDINSTANCE:
                if (c == null) {
                    return null;
                }
                if (c instanceof ValueNamedInstanceElement ni) {
                    return dec.namedInstance(ni, where);
                }
                throw wrongForm(p.name(), op, "a VALUE.NAMEDINSTANCE", c);
            case CLASS:
                if (c == null) {
                    return null;
                }
                if (c instanceof ClassElement ce) {
                    return dec.cimClass(ce, where);
                }
                throw wrongForm(p.name(), op, "a CLASS", c);
            case QUALIFIER_DECLARATION:
                if (c == null) {
                    return null;
                }
                if (c instanceof QualifierDeclarationElement qd) {
                    return dec.qualifierDeclaration(qd, where);
                }
                throw wrongForm(p.name(), op, "a QUALIFIER.DECLARATION", c);
            case NEW_VALUE:
                if (c == null) {
                    return null;
                }
                if (c instanceof ValueElement v) {
                    return new Untyped(CimValue.string(v.text == null ? "" : v.text), false);
                }
                if (c instanceof ValueArrayElement va) {
                    return new Untyped(dec.array(CimType.STRING, CimValue.Embedded.NONE, va, where), false);
                }
                if (c instanceof ValueReferenceElement vr) {
                    return new Untyped(CimValue.reference(dec.valueReference(vr, where)), true);
                }
                throw wrongForm(p.name(), op, "a VALUE, VALUE.ARRAY or VALUE.REFERENCE", c);
            default:
                return null;
        }
    }

    // ---- encoding --------------------------------------------------------------------------------

    /** The IPARAMVALUEs of a request, in table order; absent (null) values are left out. */
    static List<IParamValueElement> encode(IntrinsicRequest r, ModelEncoder enc) {
        @SuppressWarnings("unchecked")
        Op<IntrinsicRequest> op = (Op<IntrinsicRequest>) BY_TYPE.get(r.getClass());
        List<IParamValueElement> out = new ArrayList<>();
        for (Param<IntrinsicRequest> p : op.params) {
            Object v = p.getter().apply(r);
            if (v == null || p.kind() == Kind.IGNORED) {
                continue;
            }
            IParamValueElement e = new IParamValueElement();
            e.name = p.name();
            e.content = content(p.kind(), v, enc);
            out.add(e);
        }
        return out;
    }

    static String operationName(IntrinsicRequest r) {
        return BY_TYPE.get(r.getClass()).name;
    }

    private static ValueElement text(String s) {
        ValueElement v = new ValueElement();
        v.text = s;
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Object content(Kind kind, Object v, ModelEncoder enc) {
        switch (kind) {
            case BOOL:
                return text((Boolean) v ? "TRUE" : "FALSE");
            case CLASSNAME:
                return ModelEncoder.className((CimName) v);
            case INSTANCENAME:
                return enc.instanceName((ObjectPath) v);
            case OBJECTNAME: {
                ObjectPath p = (ObjectPath) v;
                return p.isClassPath() ? ModelEncoder.className(p.className()) : enc.instanceName(p);
            }
            case STRING:
            case CONTEXT:
                return text((String) v);
            case UINT32:
                return text(v.toString());
            case PROPERTYLIST: {
                ValueArrayElement a = new ValueArrayElement();
                for (CimName n : (List<CimName>) v) {
                    a.values.add(text(n.value()));
                }
                return a;
            }
            case INSTANCE:
                return enc.instance((CimInstance) v);
            case NAMEDINSTANCE:
                return enc.namedInstance((CimInstance) v);
            case CLASS:
                return enc.cimClass((CimClass) v);
            case QUALIFIER_DECLARATION:
                return enc.qualifierDeclaration((QualifierDeclaration) v);
            case NEW_VALUE:
                return enc.anyValue(((Untyped) v).value());
            default:
                throw new IllegalStateException("no form for " + kind);
        }
    }
}
