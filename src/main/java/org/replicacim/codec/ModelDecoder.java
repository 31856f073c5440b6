package org.replicacim.codec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimParameter;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Flavors;
import org.replicacim.cim.KeyBinding;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.cim.Scope;
import org.replicacim.codec.dtd.ClassElement;
import org.replicacim.codec.dtd.ClassNameElement;
import org.replicacim.codec.dtd.ClassPathElement;
import org.replicacim.codec.dtd.ErrorElement;
import org.replicacim.codec.dtd.HostElement;
import org.replicacim.codec.dtd.InstanceElement;
import org.replicacim.codec.dtd.InstanceNameElement;
import org.replicacim.codec.dtd.InstancePathElement;
import org.replicacim.codec.dtd.KeyBindingElement;
import org.replicacim.codec.dtd.KeyValueElement;
import org.replicacim.codec.dtd.LocalClassPathElement;
import org.replicacim.codec.dtd.LocalInstancePathElement;
import org.replicacim.codec.dtd.LocalNamespacePathElement;
import org.replicacim.codec.dtd.MethodElement;
import org.replicacim.codec.dtd.NamespaceElement;
import org.replicacim.codec.dtd.NamespacePathElement;
import org.replicacim.codec.dtd.ObjectPathElement;
import org.replicacim.codec.dtd.ParamValueElement;
import org.replicacim.codec.dtd.ParameterArrayElement;
import org.replicacim.codec.dtd.ParameterElement;
import org.replicacim.codec.dtd.ParameterRefArrayElement;
import org.replicacim.codec.dtd.ParameterReferenceElement;
import org.replicacim.codec.dtd.PropertyArrayElement;
import org.replicacim.codec.dtd.PropertyElement;
import org.replicacim.codec.dtd.PropertyReferenceElement;
import org.replicacim.codec.dtd.QualifierDeclarationElement;
import org.replicacim.codec.dtd.QualifierElement;
import org.replicacim.codec.dtd.ReturnValueElement;
import org.replicacim.codec.dtd.ScopeElement;
import org.replicacim.codec.dtd.ValueArrayElement;
import org.replicacim.codec.dtd.ValueElement;
import org.replicacim.codec.dtd.ValueNamedInstanceElement;
import org.replicacim.codec.dtd.ValueNullElement;
import org.replicacim.codec.dtd.ValueRefArrayElement;
import org.replicacim.codec.dtd.ValueReferenceElement;
import org.replicacim.message.ParamValue;

/**
 * Turns JAXB element objects into model objects, strictly: a missing required attribute or child is a
 * REQUEST_NOT_VALID fault naming the element and attribute; bad value text is CIM_ERR_INVALID_PARAMETER naming the
 * element. Embedded objects inside string values are parsed again, counting against the nesting limit.
 */
final class ModelDecoder {
    private final Limits limits;
    private final int embeddedDepth;

    ModelDecoder(Limits limits, int embeddedDepth) {
        this.limits = limits;
        this.embeddedDepth = embeddedDepth;
    }

    Limits limits() {
        return limits;
    }

    // ---- attributes and names --------------------------------------------------------------------

    static String required(String value, String element, String attribute, String where) {
        if (value == null) {
            throw CodecFault.invalid(element + " without " + attribute + where(where));
        }
        return value;
    }

    static String where(String where) {
        return where == null || where.isEmpty() ? "" : " inside " + where;
    }

    static CimName name(String value, String element, String attribute, String where) {
        String v = required(value, element, attribute, where);
        if (!CimName.isValid(v)) {
            throw CodecFault.badValue(element + " " + attribute + "=\"" + v + "\" is not a valid CIM name" + where(where), null);
        }
        return CimName.of(v);
    }

    static CimName optionalName(String value, String element, String attribute, String where) {
        return value == null ? null : name(value, element, attribute, where);
    }

    static CimType type(String value, String element, String attribute, String where) {
        String v = required(value, element, attribute, where);
        CimType t = CimType.fromName(v);
        if (t == null || t == CimType.REFERENCE) {
            throw CodecFault.invalid(element + " " + attribute + "=\"" + v + "\" is not a CIM type" + where(where));
        }
        return t;
    }

    static boolean flag(String value, boolean dflt, String element, String attribute) {
        if (value == null) {
            return dflt;
        }
        String v = value.trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw CodecFault.invalid(element + " " + attribute + "=\"" + value + "\" is not true or false");
    }

    static Integer arraySize(String value, String element) {
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw CodecFault.invalid(element + " ARRAYSIZE=\"" + value + "\" is not a non-negative integer");
        }
    }

    static CimValue.Embedded embedded(String mixed, String upper, String element) {
        String v = mixed != null ? mixed : upper;
        if (v == null) {
            return CimValue.Embedded.NONE;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "instance":
                return CimValue.Embedded.INSTANCE;
            case "object":
                return CimValue.Embedded.OBJECT;
            default:
                throw CodecFault.invalid(element + " EmbeddedObject=\"" + v + "\" is neither object nor instance");
        }
    }

    // ---- paths -----------------------------------------------------------------------------------

    static Namespace namespace(LocalNamespacePathElement e, String where) {
        if (e == null) {
            throw CodecFault.invalid("LOCALNAMESPACEPATH missing" + where(where));
        }
        if (e.namespaces.isEmpty()) {
            throw CodecFault.invalid("LOCALNAMESPACEPATH without NAMESPACE" + where(where));
        }
        StringBuilder sb = new StringBuilder();
        for (NamespaceElement n : e.namespaces) {
            String part = required(n.name, "NAMESPACE", "NAME", where);
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        try {
            return Namespace.of(sb.toString());
        } catch (IllegalArgumentException ex) {
            throw CodecFault.badValue("LOCALNAMESPACEPATH " + ex.getMessage() + where(where), ex);
        }
    }

    static String host(HostElement h, String where) {
        if (h == null) {
            throw CodecFault.invalid("NAMESPACEPATH without HOST" + where(where));
        }
        return h.text == null ? "" : h.text.trim();
    }

    static CimName className(ClassNameElement e, String where) {
        if (e == null) {
            throw CodecFault.invalid("CLASSNAME missing" + where(where));
        }
        return name(e.name, "CLASSNAME", "NAME", where);
    }

    ObjectPath instanceName(InstanceNameElement e, String host, Namespace ns, String where) {
        if (e == null) {
            throw CodecFault.invalid("INSTANCENAME missing" + where(where));
        }
        CimName cls = name(e.className, "INSTANCENAME", "CLASSNAME", where);
        String here = "INSTANCENAME '" + cls + "'";
        List<KeyBinding> keys = new ArrayList<>(e.keyBindings.size());
        for (KeyBindingElement kb : e.keyBindings) {
            CimName kn = name(kb.name, "KEYBINDING", "NAME", here);
            CimValue v;
            if (kb.value instanceof KeyValueElement kv) {
                v = keyValue(kv, "KEYBINDING '" + kn + "' of " + here);
            } else if (kb.value instanceof ValueReferenceElement vr) {
                v = CimValue.reference(valueReference(vr, "KEYBINDING '" + kn + "' of " + here));
            } else {
                throw CodecFault.invalid("KEYBINDING '" + kn + "' without KEYVALUE or VALUE.REFERENCE" + where(here));
            }
            keys.add(new KeyBinding(kn, v));
        }
        if (e.keyValue != null || e.valueReference != null) {
            throw CodecFault.badValue(here + " uses an unnamed key (KEYVALUE or VALUE.REFERENCE without KEYBINDING);"
                    + " name the key with KEYBINDING", null);
        }
        try {
            return ObjectPath.of(host, ns, cls, keys);
        } catch (IllegalArgumentException ex) {
            throw CodecFault.badValue(here + ": " + ex.getMessage(), ex);
        }
    }

    static CimValue keyValue(KeyValueElement kv, String where) {
        String text = kv.text == null ? "" : kv.text;
        String vt = kv.valueType == null ? "string" : kv.valueType.trim().toLowerCase(Locale.ROOT);
        CimType type;
        if (kv.type != null && !kv.type.isEmpty()) {
            type = CimType.fromName(kv.type);
            if (type == null || type == CimType.REFERENCE) {
                throw CodecFault.invalid("KEYVALUE TYPE=\"" + kv.type + "\" is not a CIM type" + where(where));
            }
        } else {
            switch (vt) {
                case "string":
                    type = CimType.STRING;
                    break;
                case "boolean":
                    type = CimType.BOOLEAN;
                    break;
                case "numeric": {
                    String t = text.trim();
                    if (t.startsWith("-")) {
                        type = CimType.SINT64;
                    } else if (!t.startsWith("0x") && !t.startsWith("0X")
                            && (t.contains(".") || t.contains("e") || t.contains("E"))) {
                        type = CimType.REAL64;
                    } else {
                        type = CimType.UINT64;
                    }
                    break;
                }
                default:
                    throw CodecFault.invalid("KEYVALUE VALUETYPE=\"" + kv.valueType
                            + "\" is not string, boolean or numeric" + where(where));
            }
        }
        return CimValue.of(type, scalar(type, text, "KEYVALUE", where));
    }

    ObjectPath valueReference(ValueReferenceElement vr, String where) {
        Object p = vr.path;
        if (p instanceof InstancePathElement ip) {
            return instancePath(ip, where);
        }
        if (p instanceof LocalInstancePathElement lp) {
            return localInstancePath(lp, where);
        }
        if (p instanceof InstanceNameElement in) {
            return instanceName(in, null, null, where);
        }
        if (p instanceof ClassPathElement cp) {
            return classPath(cp, where);
        }
        if (p instanceof LocalClassPathElement lcp) {
            return localClassPath(lcp, where);
        }
        if (p instanceof ClassNameElement cn) {
            return ObjectPath.ofClass(null, className(cn, where));
        }
        throw CodecFault.invalid("VALUE.REFERENCE without a path" + where(where));
    }

    ObjectPath instancePath(InstancePathElement ip, String where) {
        NamespacePathElement np = ip.namespacePath;
        if (np == null) {
            throw CodecFault.invalid("INSTANCEPATH without NAMESPACEPATH" + where(where));
        }
        return instanceName(ip.instanceName, host(np.host, where), namespace(np.localNamespacePath, where), where);
    }

    ObjectPath localInstancePath(LocalInstancePathElement lp, String where) {
        return instanceName(lp.instanceName, null, namespace(lp.localNamespacePath, where), where);
    }

    static ObjectPath classPath(ClassPathElement cp, String where) {
        NamespacePathElement np = cp.namespacePath;
        if (np == null) {
            throw CodecFault.invalid("CLASSPATH without NAMESPACEPATH" + where(where));
        }
        return ObjectPath.ofClass(namespace(np.localNamespacePath, where), className(cp.className, where))
                .withHost(host(np.host, where));
    }

    static ObjectPath localClassPath(LocalClassPathElement lcp, String where) {
        return ObjectPath.ofClass(namespace(lcp.localNamespacePath, where), className(lcp.className, where));
    }

    ObjectPath objectPath(ObjectPathElement op, String where) {
        if (op.path instanceof InstancePathElement ip) {
            return instancePath(ip, where);
        }
        if (op.path instanceof ClassPathElement cp) {
            return classPath(cp, where);
        }
        throw CodecFault.invalid("OBJECTPATH without INSTANCEPATH or CLASSPATH" + where(where));
    }

    // ---- values ----------------------------------------------------------------------------------

    static Object scalar(CimType type, String text, String element, String where) {
        try {
            return CimValue.parseScalar(type, text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw CodecFault.badValue(element + where(where) + ": bad " + type + " value: " + e.getMessage(), e);
        }
    }

    /** A scalar VALUE of a known type (boolean with empty text is NULL). */
    CimValue value(CimType type, CimValue.Embedded emb, ValueElement v, String where) {
        if (v == null) {
            return nullOf(type, false, emb);
        }
        String text = v.text == null ? "" : v.text;
        if (emb != CimValue.Embedded.NONE) {
            return CimValue.embedded(emb, embeddedObject(text, emb, where));
        }
        if (type == CimType.BOOLEAN && text.trim().isEmpty()) {
            return CimValue.nullValue(type, false);
        }
        return CimValue.of(type, scalar(type, text, "VALUE", where));
    }

    CimValue array(CimType type, CimValue.Embedded emb, ValueArrayElement va, String where) {
        if (va == null) {
            return nullOf(type, true, emb);
        }
        List<Object> out = new ArrayList<>(va.values.size());
        if (type != CimType.STRING && va.values.size() == 1 && va.values.get(0) instanceof ValueElement only
                && (only.text == null || only.text.isEmpty())) {
            return CimValue.array(type, List.of()); // wbemcli writes an empty array as one empty VALUE
        }
        for (Object o : va.values) {
            if (o instanceof ValueNullElement) {
                out.add(null);
            } else {
                String text = ((ValueElement) o).text == null ? "" : ((ValueElement) o).text;
                if (emb != CimValue.Embedded.NONE) {
                    out.add(embeddedObject(text, emb, where));
                } else if (type == CimType.BOOLEAN && text.trim().isEmpty()) {
                    out.add(null);
                } else {
                    out.add(scalar(type, text, "VALUE.ARRAY", where));
                }
            }
        }
        return emb != CimValue.Embedded.NONE ? CimValue.embeddedArray(emb, out) : CimValue.array(type, out);
    }

    CimValue refArray(ValueRefArrayElement ra, String where) {
        List<Object> out = new ArrayList<>(ra.values.size());
        for (Object o : ra.values) {
            out.add(o instanceof ValueReferenceElement vr ? valueReference(vr, where) : null);
        }
        return CimValue.array(CimType.REFERENCE, out);
    }

    static CimValue nullOf(CimType type, boolean array, CimValue.Embedded emb) {
        if (emb != CimValue.Embedded.NONE) {
            return array ? CimValue.embeddedArray(emb, null) : CimValue.embedded(emb, null);
        }
        return CimValue.nullValue(type, array);
    }

    Object embeddedObject(String text, CimValue.Embedded emb, String where) {
        if (embeddedDepth >= limits.maxEmbeddedDepth()) {
            throw CodecFault.badValue("embedded object" + where(where) + " nested deeper than "
                    + limits.maxEmbeddedDepth() + " levels", null);
        }
        Object o;
        try {
            o = EmbeddedObjects.parseElement(text, limits, embeddedDepth + 1);
        } catch (CodecFault f) {
            throw CodecFault.badValue("embedded object" + where(where) + " cannot be parsed: " + f.getMessage(), f);
        }
        if (emb == CimValue.Embedded.INSTANCE && !(o instanceof CimInstance)) {
            throw CodecFault.badValue("embedded instance" + where(where) + " holds a CLASS, not an INSTANCE", null);
        }
        return o;
    }

    // ---- objects ---------------------------------------------------------------------------------

    CimInstance instance(InstanceElement e, String where) {
        if (e == null) {
            throw CodecFault.invalid("INSTANCE missing" + where(where));
        }
        CimName cls = name(e.className, "INSTANCE", "CLASSNAME", where);
        String here = "INSTANCE '" + cls + "'";
        CimInstance.Builder b = CimInstance.builder(cls);
        for (QualifierElement q : e.qualifiers) {
            b.qualifier(qualifier(q, here));
        }
        java.util.Set<CimName> seen = new java.util.HashSet<>();
        for (Object p : e.properties) {
            CimProperty prop = property(p, here);
            if (!seen.add(prop.name())) {
                throw CodecFault.badValue("property " + prop.name() + " given twice in " + here, null);
            }
            b.property(prop);
        }
        return b.build();
    }

    CimClass cimClass(ClassElement e, String where) {
        if (e == null) {
            throw CodecFault.invalid("CLASS missing" + where(where));
        }
        CimName cls = name(e.name, "CLASS", "NAME", where);
        String here = "CLASS '" + cls + "'";
        CimClass.Builder b = CimClass.builder(cls).superclass(optionalName(e.superclass, "CLASS", "SUPERCLASS", where));
        List<CimQualifier> qs = new ArrayList<>();
        for (QualifierElement q : e.qualifiers) {
            qs.add(qualifier(q, here));
        }
        b.qualifiers(qs);
        for (Object p : e.properties) {
            b.property(property(p, here));
        }
        for (MethodElement m : e.methods) {
            b.method(method(m, here));
        }
        return b.build();
    }

    CimProperty property(Object p, String where) {
        if (p instanceof PropertyElement pe) {
            CimName n = name(pe.name, "PROPERTY", "NAME", where);
            String here = "PROPERTY '" + n + "'" + where(where);
            CimType t = type(pe.type, "PROPERTY", "TYPE", here);
            List<CimQualifier> qs = qualifiers(pe.qualifiers, here);
            CimValue.Embedded emb = embedded(pe.embeddedObject, pe.embeddedObjectUpper, "PROPERTY");
            if (emb != CimValue.Embedded.NONE && t != CimType.STRING) {
                throw CodecFault.invalid(here + " has EmbeddedObject but TYPE " + t);
            }
            CimValue.Embedded declared = emb != CimValue.Embedded.NONE ? emb : CimProperty.embeddedFrom(qs);
            CimValue v = value(t, emb, pe.value, here);
            if (emb == CimValue.Embedded.NONE && declared != CimValue.Embedded.NONE && v.isNull()) {
                v = nullOf(t, false, declared);
            }
            return new CimProperty(n, t, false, null, null, v, qs, optionalName(pe.classOrigin, "PROPERTY", "CLASSORIGIN", here),
                    flag(pe.propagated, false, "PROPERTY", "PROPAGATED"), v.embedded() != CimValue.Embedded.NONE ? v.embedded() : declared);
        }
        if (p instanceof PropertyArrayElement pa) {
            CimName n = name(pa.name, "PROPERTY.ARRAY", "NAME", where);
            String here = "PROPERTY.ARRAY '" + n + "'" + where(where);
            CimType t = type(pa.type, "PROPERTY.ARRAY", "TYPE", here);
            List<CimQualifier> qs = qualifiers(pa.qualifiers, here);
            CimValue.Embedded emb = embedded(pa.embeddedObject, pa.embeddedObjectUpper, "PROPERTY.ARRAY");
            if (emb != CimValue.Embedded.NONE && t != CimType.STRING) {
                throw CodecFault.invalid(here + " has EmbeddedObject but TYPE " + t);
            }
            CimValue.Embedded declared = emb != CimValue.Embedded.NONE ? emb : CimProperty.embeddedFrom(qs);
            CimValue v = array(t, emb, pa.value, here);
            if (emb == CimValue.Embedded.NONE && declared != CimValue.Embedded.NONE && v.isNull()) {
                v = nullOf(t, true, declared);
            }
            return new CimProperty(n, t, true, arraySize(pa.arraySize, "PROPERTY.ARRAY"), null, v, qs,
                    optionalName(pa.classOrigin, "PROPERTY.ARRAY", "CLASSORIGIN", here),
                    flag(pa.propagated, false, "PROPERTY.ARRAY", "PROPAGATED"),
                    v.embedded() != CimValue.Embedded.NONE ? v.embedded() : declared);
        }
        if (p instanceof PropertyReferenceElement pr) {
            CimName n = name(pr.name, "PROPERTY.REFERENCE", "NAME", where);
            String here = "PROPERTY.REFERENCE '" + n + "'" + where(where);
            List<CimQualifier> qs = qualifiers(pr.qualifiers, here);
            CimValue v = pr.value == null ? CimValue.nullValue(CimType.REFERENCE, false)
                    : CimValue.reference(valueReference(pr.value, here));
            return new CimProperty(n, CimType.REFERENCE, false, null,
                    optionalName(pr.referenceClass, "PROPERTY.REFERENCE", "REFERENCECLASS", here), v, qs,
                    optionalName(pr.classOrigin, "PROPERTY.REFERENCE", "CLASSORIGIN", here),
                    flag(pr.propagated, false, "PROPERTY.REFERENCE", "PROPAGATED"), CimValue.Embedded.NONE);
        }
        throw CodecFault.invalid("unexpected property element" + where(where));
    }

    List<CimQualifier> qualifiers(List<QualifierElement> qes, String where) {
        if (qes.isEmpty()) {
            return List.of();
        }
        List<CimQualifier> out = new ArrayList<>(qes.size());
        for (QualifierElement q : qes) {
            out.add(qualifier(q, where));
        }
        return out;
    }

    CimQualifier qualifier(QualifierElement q, String where) {
        CimName n = name(q.name, "QUALIFIER", "NAME", where);
        String here = "QUALIFIER '" + n + "'" + where(where);
        CimType t = type(q.type, "QUALIFIER", "TYPE", here);
        CimValue v;
        if (q.value instanceof ValueArrayElement va) {
            v = array(t, CimValue.Embedded.NONE, va, here);
        } else {
            v = value(t, CimValue.Embedded.NONE, (ValueElement) q.value, here);
        }
        Flavors f = new Flavors(flag(q.overridable, true, "QUALIFIER", "OVERRIDABLE"),
                flag(q.toSubclass, true, "QUALIFIER", "TOSUBCLASS"), flag(q.translatable, false, "QUALIFIER", "TRANSLATABLE"));
        return new CimQualifier(n, v, f, flag(q.propagated, false, "QUALIFIER", "PROPAGATED"));
    }

    CimMethod method(MethodElement m, String where) {
        CimName n = name(m.name, "METHOD", "NAME", where);
        String here = "METHOD '" + n + "'" + where(where);
        CimType rt = type(m.type, "METHOD", "TYPE", here);
        List<CimParameter> params = new ArrayList<>();
        for (Object p : m.parameters) {
            params.add(parameter(p, here));
        }
        try {
            return new CimMethod(n, rt, params, qualifiers(m.qualifiers, here),
                    optionalName(m.classOrigin, "METHOD", "CLASSORIGIN", here), flag(m.propagated, false, "METHOD", "PROPAGATED"));
        } catch (IllegalArgumentException e) {
            throw CodecFault.badValue(here + ": " + e.getMessage(), e);
        }
    }

    CimParameter parameter(Object p, String where) {
        if (p instanceof ParameterElement pe) {
            CimName n = name(pe.name, "PARAMETER", "NAME", where);
            String here = "PARAMETER '" + n + "'" + where(where);
            return new CimParameter(n, type(pe.type, "PARAMETER", "TYPE", here), false, null, null, qualifiers(pe.qualifiers, here));
        }
        if (p instanceof ParameterArrayElement pa) {
            CimName n = name(pa.name, "PARAMETER.ARRAY", "NAME", where);
            String here = "PARAMETER.ARRAY '" + n + "'" + where(where);
            return new CimParameter(n, type(pa.type, "PARAMETER.ARRAY", "TYPE", here), true,
                    arraySize(pa.arraySize, "PARAMETER.ARRAY"), null, qualifiers(pa.qualifiers, here));
        }
        if (p instanceof ParameterReferenceElement pr) {
            CimName n = name(pr.name, "PARAMETER.REFERENCE", "NAME", where);
            String here = "PARAMETER.REFERENCE '" + n + "'" + where(where);
            return new CimParameter(n, CimType.REFERENCE, false, null,
                    optionalName(pr.referenceClass, "PARAMETER.REFERENCE", "REFERENCECLASS", here), qualifiers(pr.qualifiers, here));
        }
        ParameterRefArrayElement ra = (ParameterRefArrayElement) p;
        CimName n = name(ra.name, "PARAMETER.REFARRAY", "NAME", where);
        String here = "PARAMETER.REFARRAY '" + n + "'" + where(where);
        return new CimParameter(n, CimType.REFERENCE, true, arraySize(ra.arraySize, "PARAMETER.REFARRAY"),
                optionalName(ra.referenceClass, "PARAMETER.REFARRAY", "REFERENCECLASS", here), qualifiers(ra.qualifiers, here));
    }

    QualifierDeclaration qualifierDeclaration(QualifierDeclarationElement q, String where) {
        CimName n = name(q.name, "QUALIFIER.DECLARATION", "NAME", where);
        String here = "QUALIFIER.DECLARATION '" + n + "'" + where(where);
        CimType t = type(q.type, "QUALIFIER.DECLARATION", "TYPE", here);
        boolean isArray = flag(q.isArray, q.value instanceof ValueArrayElement, "QUALIFIER.DECLARATION", "ISARRAY");
        CimValue v;
        if (q.value instanceof ValueArrayElement va) {
            if (!isArray) {
                throw CodecFault.invalid(here + " has ISARRAY=false but a VALUE.ARRAY");
            }
            v = array(t, CimValue.Embedded.NONE, va, here);
        } else if (q.value instanceof ValueElement ve) {
            if (isArray) {
                throw CodecFault.invalid(here + " has ISARRAY=true but a scalar VALUE");
            }
            v = value(t, CimValue.Embedded.NONE, ve, here);
        } else {
            v = CimValue.nullValue(t, isArray);
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        ScopeElement s = q.scope;
        if (s != null) {
            boolean[] on = {flag(s.classScope, false, "SCOPE", "CLASS"), flag(s.associationScope, false, "SCOPE", "ASSOCIATION"),
                flag(s.referenceScope, false, "SCOPE", "REFERENCE"), flag(s.propertyScope, false, "SCOPE", "PROPERTY"),
                flag(s.methodScope, false, "SCOPE", "METHOD"), flag(s.parameterScope, false, "SCOPE", "PARAMETER"),
                flag(s.indicationScope, false, "SCOPE", "INDICATION")};
            Scope[] which = {Scope.CLASS, Scope.ASSOCIATION, Scope.REFERENCE, Scope.PROPERTY, Scope.METHOD,
                Scope.PARAMETER, Scope.INDICATION};
            int count = 0;
            for (int i = 0; i < on.length; i++) {
                if (on[i]) {
                    scopes.add(which[i]);
                    count++;
                }
            }
            if (count == on.length) {
                scopes = EnumSet.of(Scope.ANY);
            }
        }
        Flavors f = new Flavors(flag(q.overridable, true, "QUALIFIER.DECLARATION", "OVERRIDABLE"),
                flag(q.toSubclass, true, "QUALIFIER.DECLARATION", "TOSUBCLASS"),
                flag(q.translatable, false, "QUALIFIER.DECLARATION", "TRANSLATABLE"));
        return new QualifierDeclaration(n, t, isArray, arraySize(q.arraySize, "QUALIFIER.DECLARATION"), v, scopes, f);
    }

    CimInstance namedInstance(ValueNamedInstanceElement e, String where) {
        ObjectPath p = instanceName(e.instanceName, null, null, "VALUE.NAMEDINSTANCE" + where(where));
        return instance(e.instance, "VALUE.NAMEDINSTANCE" + where(where)).withPath(p);
    }

    // ---- parameters ------------------------------------------------------------------------------

    /** A method parameter (PARAMVALUE), typed by PARAMTYPE when present, raw strings otherwise (wbemcli). */
    ParamValue paramValue(ParamValueElement pv, String where) {
        CimName n = name(pv.name, "PARAMVALUE", "NAME", where);
        String here = "PARAMVALUE '" + n + "'" + where(where);
        CimValue.Embedded emb = embedded(pv.embeddedObject, pv.embeddedObjectUpper, "PARAMVALUE");
        Object c = pv.content;
        // Children whose element says what they are, whatever PARAMTYPE says.
        if (c instanceof ValueReferenceElement vr) {
            return new ParamValue(n, CimValue.reference(valueReference(vr, here)), true);
        }
        if (c instanceof ValueRefArrayElement ra) {
            return new ParamValue(n, refArray(ra, here), true);
        }
        if (c instanceof InstanceNameElement in) {
            return new ParamValue(n, CimValue.reference(instanceName(in, null, null, here)), true);
        }
        if (c instanceof ClassNameElement cn) {
            return new ParamValue(n, CimValue.reference(ObjectPath.ofClass(null, className(cn, here))), true);
        }
        if (c instanceof InstanceElement ie) {
            return new ParamValue(n, CimValue.embedded(emb == CimValue.Embedded.OBJECT
                    || "object".equalsIgnoreCase(pv.paramType) ? CimValue.Embedded.OBJECT : CimValue.Embedded.INSTANCE,
                    instance(ie, here)), true);
        }
        if (c instanceof ValueNamedInstanceElement ni) {
            return new ParamValue(n, CimValue.embedded(CimValue.Embedded.INSTANCE, namedInstance(ni, here)), true);
        }
        if (c instanceof ClassElement ce) {
            return new ParamValue(n, CimValue.embedded(CimValue.Embedded.OBJECT, cimClass(ce, here)), true);
        }
        String pt = pv.paramType == null ? null : pv.paramType.trim().toLowerCase(Locale.ROOT);
        if (pt == null && emb == CimValue.Embedded.NONE) {
            if (c instanceof ValueArrayElement va) {
                return new ParamValue(n, array(CimType.STRING, CimValue.Embedded.NONE, va, here), false);
            }
            ValueElement ve = (ValueElement) c;
            return new ParamValue(n, ve == null ? CimValue.nullValue(CimType.STRING, false)
                    : CimValue.string(ve.text == null ? "" : ve.text), false);
        }
        if ("reference".equals(pt)) {
            if (c != null) {
                throw CodecFault.badValue(here + " has PARAMTYPE reference but no VALUE.REFERENCE", null);
            }
            return new ParamValue(n, CimValue.nullValue(CimType.REFERENCE, false), true);
        }
        CimType t;
        if ("instance".equals(pt) || "object".equals(pt)) {
            if (emb == CimValue.Embedded.NONE) {
                emb = "instance".equals(pt) ? CimValue.Embedded.INSTANCE : CimValue.Embedded.OBJECT;
            }
            t = CimType.STRING;
        } else if (pt == null) {
            t = CimType.STRING;
        } else {
            t = type(pv.paramType, "PARAMVALUE", "PARAMTYPE", here);
        }
        if (emb != CimValue.Embedded.NONE && t != CimType.STRING) {
            throw CodecFault.invalid(here + " has EmbeddedObject but PARAMTYPE " + t);
        }
        if (c instanceof ValueArrayElement va) {
            return new ParamValue(n, array(t, emb, va, here), true);
        }
        return new ParamValue(n, value(t, emb, (ValueElement) c, here), true);
    }

    CimValue returnValue(ReturnValueElement rv, String where) {
        String here = "RETURNVALUE" + where(where);
        if (rv.content instanceof ValueReferenceElement vr) {
            return CimValue.reference(valueReference(vr, here));
        }
        CimValue.Embedded emb = embedded(rv.embeddedObject, rv.embeddedObjectUpper, "RETURNVALUE");
        String pt = rv.paramType == null ? null : rv.paramType.trim().toLowerCase(Locale.ROOT);
        CimType t;
        if (pt == null || "instance".equals(pt) || "object".equals(pt)) {
            t = CimType.STRING;
            if ("instance".equals(pt) && emb == CimValue.Embedded.NONE) {
                emb = CimValue.Embedded.INSTANCE;
            } else if ("object".equals(pt) && emb == CimValue.Embedded.NONE) {
                emb = CimValue.Embedded.OBJECT;
            }
        } else if ("reference".equals(pt)) {
            return CimValue.nullValue(CimType.REFERENCE, false);
        } else {
            t = type(rv.paramType, "RETURNVALUE", "PARAMTYPE", where);
        }
        return value(t, emb, (ValueElement) rv.content, here);
    }

    CimException error(ErrorElement e, String where) {
        String code = required(e.code, "ERROR", "CODE", where);
        int n;
        try {
            n = Integer.parseInt(code.trim());
        } catch (NumberFormatException ex) {
            throw CodecFault.invalid("ERROR CODE=\"" + code + "\" is not a number" + where(where));
        }
        CimStatus s = CimStatus.fromCode(n);
        String d = e.description;
        if (s == null) {
            s = CimStatus.FAILED;
            d = "(CIM status " + n + ") " + (d == null ? "" : d);
        } else if (d != null && d.startsWith(s.symbol() + ": ")) {
            d = d.substring(s.symbol().length() + 2);
        }
        List<CimInstance> errors = new ArrayList<>();
        for (InstanceElement ie : e.instances) {
            errors.add(instance(ie, "ERROR"));
        }
        return new CimException(s, d, errors, null);
    }

    static CimDateTime datetime(String text, String where) {
        return (CimDateTime) scalar(CimType.DATETIME, text, "VALUE", where);
    }
}
