package org.replicacim.codec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimParameter;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Flavors;
import org.replicacim.cim.KeyBinding;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.cim.Scope;
import org.replicacim.message.ClassWithPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.message.ReturnKind;

/**
 * Writes model objects straight onto a {@link CimXmlOutput} in the emit profile (protocol reference §2.9), byte for
 * byte what marshalling {@link ModelEncoder}'s JAXB elements produced: the same elements, attributes in the order the
 * element classes declare them, absent attributes left out. It exists because JAXB's reflective marshalling was a
 * sixth of the server's CPU per small response. Not thread-safe; one per output.
 */
final class ModelWriter {
    private static final Comparator<KeyBinding> BY_NAME = Comparator.comparing(KeyBinding::name);

    private final CimXmlOutput out;
    private final String defaultHost;

    ModelWriter(CimXmlOutput out, String defaultHost) {
        this.out = out;
        this.defaultHost = defaultHost == null || defaultHost.isEmpty() ? "localhost" : defaultHost;
    }

    // ---- returned objects ------------------------------------------------------------------------

    /** One object of an IRETURNVALUE in the form of its kind (see {@link CimXmlResponseWriter#write}). */
    void returned(ReturnKind kind, Object o) {
        java.util.Objects.requireNonNull(o, "object");
        switch (kind) {
            case CLASS -> cimClass((CimClass) o);
            case CLASS_NAME -> className((CimName) o);
            case INSTANCE -> instance((CimInstance) o);
            case NAMED_INSTANCE -> namedInstance((CimInstance) o);
            case INSTANCE_NAME -> instanceName((ObjectPath) o);
            case OBJECT_WITH_PATH -> {
                if (o instanceof ClassWithPath cp) {
                    requireNamespace(cp.path(), "a CLASSPATH");
                    out.openPlain("VALUE.OBJECTWITHPATH");
                    classPath(cp.path());
                    cimClass(cp.cimClass());
                } else {
                    CimInstance i = (CimInstance) o;
                    requireNamespace(requirePath(i), "an INSTANCEPATH");
                    out.openPlain("VALUE.OBJECTWITHPATH");
                    instancePath(i.path());
                    instance(i);
                }
                out.close("VALUE.OBJECTWITHPATH");
            }
            case OBJECT_PATH -> objectPath((ObjectPath) o);
            case INSTANCE_WITH_PATH -> {
                CimInstance i = (CimInstance) o;
                requireNamespace(requirePath(i), "an INSTANCEPATH");
                out.openPlain("VALUE.INSTANCEWITHPATH");
                instancePath(i.path());
                instance(i);
                out.close("VALUE.INSTANCEWITHPATH");
            }
            case INSTANCE_PATH -> instancePath((ObjectPath) o);
            case QUALIFIER_DECLARATION -> qualifierDeclaration((QualifierDeclaration) o);
            case VALUE -> anyValue((CimValue) o);
            default -> throw new IllegalArgumentException("operations of kind " + kind + " return nothing");
        }
    }

    private static ObjectPath requirePath(CimInstance i) {
        if (i.path() == null) {
            throw new IllegalArgumentException("instance of " + i.className() + " has no path");
        }
        return i.path();
    }

    private static void requireNamespace(ObjectPath p, String what) {
        if (p.namespace() == null) {
            throw new IllegalArgumentException(what + " needs a namespace: " + p);
        }
    }

    // ---- paths -----------------------------------------------------------------------------------

    void localNamespace(Namespace ns) {
        out.openPlain("LOCALNAMESPACEPATH");
        for (String part : ns.parts()) {
            out.open("NAMESPACE");
            out.attr("NAME", part);
            out.close("NAMESPACE");
        }
        out.close("LOCALNAMESPACEPATH");
    }

    private void namespacePath(String host, Namespace ns) {
        out.openPlain("NAMESPACEPATH");
        out.leaf("HOST", host == null ? defaultHost : host);
        localNamespace(ns);
        out.close("NAMESPACEPATH");
    }

    void className(CimName n) {
        out.open("CLASSNAME");
        out.attr("NAME", n.value());
        out.close("CLASSNAME");
    }

    void instanceName(ObjectPath p) {
        out.open("INSTANCENAME");
        out.attr("CLASSNAME", p.className().value());
        List<KeyBinding> keys = p.keys();
        if (keys.size() > 1 && !sorted(keys)) {
            keys = new ArrayList<>(keys);
            keys.sort(BY_NAME);
        }
        for (KeyBinding k : keys) {
            out.open("KEYBINDING");
            out.attr("NAME", k.name().value());
            CimValue v = k.value();
            if (v.type() == CimType.REFERENCE) {
                valueReference(v.asReference());
            } else {
                CimType t = v.type();
                out.open("KEYVALUE");
                out.attr("VALUETYPE", t == CimType.BOOLEAN ? "boolean" : t.isNumeric() ? "numeric" : "string");
                out.attr("TYPE", t.wireName());
                Object element = v.value();
                if (isInteger(t, element)) {
                    out.number(((Number) element).longValue());
                } else {
                    out.text(ModelEncoder.text(t, element));
                }
                out.close("KEYVALUE");
            }
            out.close("KEYBINDING");
        }
        out.close("INSTANCENAME");
    }

    /** Whether the keys are in name order already (the sort is stable, so then it would change nothing). */
    private static boolean sorted(List<KeyBinding> keys) {
        for (int i = 1, n = keys.size(); i < n; i++) {
            if (keys.get(i - 1).name().compareTo(keys.get(i).name()) > 0) {
                return false;
            }
        }
        return true;
    }

    void instancePath(ObjectPath p) {
        requireNamespace(p, "an INSTANCEPATH");
        out.openPlain("INSTANCEPATH");
        namespacePath(p.host(), p.namespace());
        instanceName(p);
        out.close("INSTANCEPATH");
    }

    void localInstancePath(ObjectPath p) {
        out.openPlain("LOCALINSTANCEPATH");
        localNamespace(p.namespace());
        instanceName(p);
        out.close("LOCALINSTANCEPATH");
    }

    void classPath(ObjectPath p) {
        requireNamespace(p, "a CLASSPATH");
        out.openPlain("CLASSPATH");
        namespacePath(p.host(), p.namespace());
        className(p.className());
        out.close("CLASSPATH");
    }

    void localClassPath(ObjectPath p) {
        out.openPlain("LOCALCLASSPATH");
        localNamespace(p.namespace());
        className(p.className());
        out.close("LOCALCLASSPATH");
    }

    void objectPath(ObjectPath p) {
        requireNamespace(p, p.isClassPath() ? "a CLASSPATH" : "an INSTANCEPATH");
        out.openPlain("OBJECTPATH");
        if (p.isClassPath()) {
            classPath(p);
        } else {
            instancePath(p);
        }
        out.close("OBJECTPATH");
    }

    /** A reference: INSTANCEPATH when the path has a namespace, INSTANCENAME otherwise; class paths likewise. */
    void valueReference(ObjectPath p) {
        out.openPlain("VALUE.REFERENCE");
        if (p.isClassPath()) {
            if (p.namespace() == null) {
                className(p.className());
            } else {
                classPath(p);
            }
        } else if (p.namespace() == null) {
            instanceName(p);
        } else {
            instancePath(p);
        }
        out.close("VALUE.REFERENCE");
    }

    // ---- values ----------------------------------------------------------------------------------

    private void value(CimType type, CimValue.Embedded emb, Object element) {
        if (emb != CimValue.Embedded.NONE && !(element instanceof String)) {
            out.leaf("VALUE", embeddedText(element));
        } else if (isInteger(type, element)) {
            out.openPlain("VALUE");
            out.number(((Number) element).longValue());
            out.close("VALUE");
        } else {
            out.leaf("VALUE", ModelEncoder.text(type, element));
        }
    }

    /** An integer-typed element whose decimal text is Long.toString of its value (a uint64 above 2^63 is not). */
    private static boolean isInteger(CimType type, Object element) {
        if (!type.isInteger()) {
            return false;
        }
        return element instanceof Integer || element instanceof Long || element instanceof Short
                || element instanceof Byte || element instanceof java.math.BigInteger b && b.bitLength() < 64;
    }

    private void valueArray(CimValue v) {
        out.openPlain("VALUE.ARRAY");
        CimType t = v.type();
        CimValue.Embedded emb = v.embedded();
        for (Object o : v.elements()) {
            if (o == null) {
                out.leaf("VALUE.NULL", null);
            } else {
                value(t, emb, o);
            }
        }
        out.close("VALUE.ARRAY");
    }

    private void refArray(CimValue v) {
        out.openPlain("VALUE.REFARRAY");
        for (Object o : v.elements()) {
            if (o == null) {
                out.leaf("VALUE.NULL", null);
            } else {
                valueReference((ObjectPath) o);
            }
        }
        out.close("VALUE.REFARRAY");
    }

    /** VALUE, VALUE.ARRAY or VALUE.REFERENCE for a non-NULL value; nothing for NULL. */
    void anyValue(CimValue v) {
        if (v.isNull()) {
            return;
        }
        if (v.type() == CimType.REFERENCE) {
            if (v.isArray()) {
                refArray(v);
            } else {
                valueReference(v.asReference());
            }
        } else if (v.isArray()) {
            valueArray(v);
        } else {
            value(v.type(), v.embedded(), v.value());
        }
    }

    /** The text of an embedded instance or class, as it travels inside a string value. */
    String embeddedText(Object instanceOrClass) {
        CimXmlOutput text = new CimXmlOutput();
        ModelWriter w = new ModelWriter(text, defaultHost);
        if (instanceOrClass instanceof CimInstance i) {
            w.instance(i);
        } else if (instanceOrClass instanceof CimClass c) {
            w.cimClass(c);
        } else {
            throw new IllegalArgumentException("an embedded object is a CimInstance or CimClass, not "
                    + (instanceOrClass == null ? "null" : instanceOrClass.getClass().getSimpleName()));
        }
        return text.text();
    }

    // ---- objects ---------------------------------------------------------------------------------

    void instance(CimInstance i) {
        out.open("INSTANCE");
        out.attr("CLASSNAME", i.className().value());
        qualifiers(i.qualifiers());
        for (CimProperty p : i.properties()) {
            property(p);
        }
        out.close("INSTANCE");
    }

    void namedInstance(CimInstance i) {
        if (i.path() == null) {
            throw new IllegalArgumentException("a named instance needs a path: instance of " + i.className());
        }
        out.openPlain("VALUE.NAMEDINSTANCE");
        instanceName(i.path());
        instance(i);
        out.close("VALUE.NAMEDINSTANCE");
    }

    void cimClass(CimClass c) {
        out.open("CLASS");
        out.attr("NAME", c.name().value());
        out.attr("SUPERCLASS", c.superclass() == null ? null : c.superclass().value());
        qualifiers(c.qualifiers());
        for (CimProperty p : c.properties()) {
            property(p);
        }
        for (CimMethod m : c.methods()) {
            method(m);
        }
        out.close("CLASS");
    }

    private void property(CimProperty p) {
        String origin = p.classOrigin() == null ? null : p.classOrigin().value();
        String propagated = p.propagated() ? "true" : null;
        CimValue v = p.value();
        if (p.type() == CimType.REFERENCE) {
            if (p.array()) {
                throw new IllegalArgumentException("property " + p.name() + ": CIM has no reference array properties");
            }
            out.open("PROPERTY.REFERENCE");
            out.attr("NAME", p.name().value());
            out.attr("REFERENCECLASS", p.referenceClass() == null ? null : p.referenceClass().value());
            out.attr("CLASSORIGIN", origin);
            out.attr("PROPAGATED", propagated);
            qualifiers(p.qualifiers());
            if (!v.isNull()) {
                valueReference(v.asReference());
            }
            out.close("PROPERTY.REFERENCE");
            return;
        }
        CimValue.Embedded emb = v.embedded() != CimValue.Embedded.NONE ? v.embedded() : p.embedded();
        if (p.array()) {
            out.open("PROPERTY.ARRAY");
            out.attr("NAME", p.name().value());
            out.attr("TYPE", p.type().wireName());
            out.attr("ARRAYSIZE", p.arraySize() == null ? null : p.arraySize().toString());
            out.attr("CLASSORIGIN", origin);
            out.attr("PROPAGATED", propagated);
            out.attr("EmbeddedObject", ModelEncoder.embeddedAttribute(emb));
            qualifiers(p.qualifiers());
            if (!v.isNull()) {
                valueArray(v);
            }
            out.close("PROPERTY.ARRAY");
            return;
        }
        out.open("PROPERTY");
        out.attr("NAME", p.name().value());
        out.attr("TYPE", p.type().wireName());
        out.attr("CLASSORIGIN", origin);
        out.attr("PROPAGATED", propagated);
        out.attr("EmbeddedObject", ModelEncoder.embeddedAttribute(emb));
        qualifiers(p.qualifiers());
        if (!v.isNull()) {
            value(v.type(), v.embedded(), v.value());
        }
        out.close("PROPERTY");
    }

    private void qualifiers(List<CimQualifier> qs) {
        for (int i = 0, n = qs.size(); i < n; i++) {
            qualifier(qs.get(i));
        }
    }

    private void qualifier(CimQualifier q) {
        CimValue v = q.value();
        Flavors f = q.flavors();
        out.open("QUALIFIER");
        out.attr("NAME", q.name().value());
        out.attr("TYPE", v.type().wireName());
        out.attr("PROPAGATED", q.propagated() ? "true" : null);
        out.attr("OVERRIDABLE", f.overridable() ? null : "false");
        out.attr("TOSUBCLASS", f.toSubclass() ? null : "false");
        out.attr("TRANSLATABLE", f.translatable() ? "true" : null);
        defaultOrQualifierValue(v);
        out.close("QUALIFIER");
    }

    private void defaultOrQualifierValue(CimValue v) {
        if (v.isNull()) {
            return;
        }
        if (v.isArray()) {
            valueArray(v);
        } else {
            value(v.type(), CimValue.Embedded.NONE, v.value());
        }
    }

    private void method(CimMethod m) {
        out.open("METHOD");
        out.attr("NAME", m.name().value());
        out.attr("TYPE", m.returnType().wireName());
        out.attr("CLASSORIGIN", m.classOrigin() == null ? null : m.classOrigin().value());
        out.attr("PROPAGATED", m.propagated() ? "true" : null);
        qualifiers(m.qualifiers());
        for (CimParameter p : m.parameters()) {
            parameter(p);
        }
        out.close("METHOD");
    }

    private void parameter(CimParameter p) {
        String size = p.arraySize() == null ? null : p.arraySize().toString();
        String refClass = p.referenceClass() == null ? null : p.referenceClass().value();
        String element;
        if (p.type() == CimType.REFERENCE) {
            element = p.array() ? "PARAMETER.REFARRAY" : "PARAMETER.REFERENCE";
            out.open(element);
            out.attr("NAME", p.name().value());
            out.attr("REFERENCECLASS", refClass);
            if (p.array()) {
                out.attr("ARRAYSIZE", size);
            }
        } else {
            element = p.array() ? "PARAMETER.ARRAY" : "PARAMETER";
            out.open(element);
            out.attr("NAME", p.name().value());
            out.attr("TYPE", p.type().wireName());
            if (p.array()) {
                out.attr("ARRAYSIZE", size);
            }
        }
        qualifiers(p.qualifiers());
        out.close(element);
    }

    void qualifierDeclaration(QualifierDeclaration q) {
        Flavors f = q.flavors();
        out.open("QUALIFIER.DECLARATION");
        out.attr("NAME", q.name().value());
        out.attr("TYPE", q.type().wireName());
        out.attr("ISARRAY", q.array() ? "true" : "false");
        out.attr("ARRAYSIZE", q.arraySize() == null ? null : q.arraySize().toString());
        out.attr("OVERRIDABLE", f.overridable() ? null : "false");
        out.attr("TOSUBCLASS", f.toSubclass() ? null : "false");
        out.attr("TRANSLATABLE", f.translatable() ? "true" : null);
        Set<Scope> s = q.scopes();
        if (!s.isEmpty()) {
            boolean any = s.contains(Scope.ANY);
            out.open("SCOPE");
            out.attr("CLASS", any || s.contains(Scope.CLASS) ? "true" : null);
            out.attr("ASSOCIATION", any || s.contains(Scope.ASSOCIATION) ? "true" : null);
            out.attr("REFERENCE", any || s.contains(Scope.REFERENCE) ? "true" : null);
            out.attr("PROPERTY", any || s.contains(Scope.PROPERTY) ? "true" : null);
            out.attr("METHOD", any || s.contains(Scope.METHOD) ? "true" : null);
            out.attr("PARAMETER", any || s.contains(Scope.PARAMETER) ? "true" : null);
            out.attr("INDICATION", any || s.contains(Scope.INDICATION) ? "true" : null);
            out.close("SCOPE");
        }
        defaultOrQualifierValue(q.defaultValue());
        out.close("QUALIFIER.DECLARATION");
    }

    // ---- parameters and method responses -----------------------------------------------------------

    /** A PARAMVALUE; PARAMTYPE only when the type is known; NULL gives an empty element. */
    void paramValue(ParamValue p) {
        CimValue v = p.value();
        out.open("PARAMVALUE");
        out.attr("NAME", p.name().value());
        if (p.typeKnown()) {
            out.attr("PARAMTYPE", v.type() == CimType.REFERENCE ? "reference" : v.type().wireName());
            out.attr("EmbeddedObject", ModelEncoder.embeddedAttribute(v.embedded()));
        }
        anyValue(v);
        out.close("PARAMVALUE");
    }

    /** A PARAMVALUE with a PARAMTYPE holding one VALUE (the output parameters of Open and Pull operations). */
    void paramValue(String name, String paramType, String text) {
        out.open("PARAMVALUE");
        out.attr("NAME", name);
        out.attr("PARAMTYPE", paramType);
        out.leaf("VALUE", text);
        out.close("PARAMVALUE");
    }

    /** A PARAMVALUE with PARAMTYPE="object" holding a CLASS. */
    void classParamValue(String name, CimClass c) {
        out.open("PARAMVALUE");
        out.attr("NAME", name);
        out.attr("PARAMTYPE", "object");
        cimClass(c);
        out.close("PARAMVALUE");
    }

    private void returnValue(CimValue v) {
        if (!v.isNull() && v.isArray()) {
            throw new IllegalArgumentException("a method cannot return an array");
        }
        out.open("RETURNVALUE");
        out.attr("PARAMTYPE", v.type() == CimType.REFERENCE ? "reference" : v.type().wireName());
        out.attr("EmbeddedObject", ModelEncoder.embeddedAttribute(v.embedded()));
        if (!v.isNull()) {
            if (v.type() == CimType.REFERENCE) {
                valueReference(v.asReference());
            } else {
                value(v.type(), v.embedded(), v.value());
            }
        }
        out.close("RETURNVALUE");
    }

    /** A whole METHODRESPONSE: RETURNVALUE with PARAMTYPE, then the non-NULL output parameters. */
    void methodResponse(String name, MethodResult result) {
        CimValue rv = result.returnValue();
        if (!rv.isNull() && rv.isArray()) {
            throw new IllegalArgumentException("a method cannot return an array");
        }
        out.open("METHODRESPONSE");
        out.attr("NAME", name);
        returnValue(rv);
        for (ParamValue p : result.outParameters()) {
            if (!p.value().isNull()) {
                paramValue(p);
            }
        }
        out.close("METHODRESPONSE");
    }

    /** A whole METHODRESPONSE holding only ERROR. */
    void methodError(String name, CimException e, boolean withInstances) {
        out.open("METHODRESPONSE");
        out.attr("NAME", name);
        error(e, withInstances);
        out.close("METHODRESPONSE");
    }

    /** ERROR with the status code, the description prefixed with the status symbol, and optionally CIM_Error instances. */
    void error(CimException e, boolean withInstances) {
        out.open("ERROR");
        out.attr("CODE", Integer.toString(e.status().code()));
        out.attr("DESCRIPTION", errorDescription(e));
        if (withInstances) {
            for (CimInstance i : e.errors()) {
                instance(i);
            }
        }
        out.close("ERROR");
    }

    static String errorDescription(CimException e) {
        String d = e.description();
        return d == null || d.isEmpty() ? e.status().symbol()
                : d.startsWith("CIM_ERR_") ? d : e.status().symbol() + ": " + d;
    }
}
