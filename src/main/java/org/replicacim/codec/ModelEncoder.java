package org.replicacim.codec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.replicacim.cim.CimClass;
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
import org.replicacim.codec.dtd.ClassElement;
import org.replicacim.codec.dtd.ClassNameElement;
import org.replicacim.codec.dtd.ClassPathElement;
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
 * Turns model objects into JAXB element objects (for requests and export messages; responses are written directly by
 * {@link ModelWriter}, which must produce the same bytes) following the emit profile (protocol reference §2.9): keys sorted by
 * name with VALUETYPE and TYPE, references as INSTANCEPATH (host from the path or the configured host), canonical
 * value text, embedded objects serialised into string values with EmbeddedObject spelled once in mixed case.
 */
final class ModelEncoder {
    private final String defaultHost;

    ModelEncoder(String defaultHost) {
        this.defaultHost = defaultHost == null || defaultHost.isEmpty() ? "localhost" : defaultHost;
    }

    String defaultHost() {
        return defaultHost;
    }

    // ---- paths -----------------------------------------------------------------------------------

    static LocalNamespacePathElement localNamespace(Namespace ns) {
        LocalNamespacePathElement e = new LocalNamespacePathElement();
        for (String part : ns.parts()) {
            NamespaceElement n = new NamespaceElement();
            n.name = part;
            e.namespaces.add(n);
        }
        return e;
    }

    NamespacePathElement namespacePath(String host, Namespace ns) {
        NamespacePathElement e = new NamespacePathElement();
        e.host = new HostElement();
        e.host.text = host == null ? defaultHost : host;
        e.localNamespacePath = localNamespace(ns);
        return e;
    }

    static ClassNameElement className(CimName n) {
        ClassNameElement e = new ClassNameElement();
        e.name = n.value();
        return e;
    }

    InstanceNameElement instanceName(ObjectPath p) {
        InstanceNameElement e = new InstanceNameElement();
        e.className = p.className().value();
        List<KeyBinding> keys = p.keys();
        if (keys.size() > 1) {
            keys = new ArrayList<>(keys);
            keys.sort(Comparator.comparing(KeyBinding::name));
        }
        for (KeyBinding k : keys) {
            KeyBindingElement kb = new KeyBindingElement();
            kb.name = k.name().value();
            CimValue v = k.value();
            if (v.type() == CimType.REFERENCE) {
                kb.value = valueReference(v.asReference());
            } else {
                KeyValueElement kv = new KeyValueElement();
                kv.valueType = v.type() == CimType.BOOLEAN ? "boolean" : v.type().isNumeric() ? "numeric" : "string";
                kv.type = v.type().wireName();
                kv.text = text(v.type(), v.value());
                kb.value = kv;
            }
            e.keyBindings.add(kb);
        }
        return e;
    }

    InstancePathElement instancePath(ObjectPath p) {
        if (p.namespace() == null) {
            throw new IllegalArgumentException("an INSTANCEPATH needs a namespace: " + p);
        }
        InstancePathElement e = new InstancePathElement();
        e.namespacePath = namespacePath(p.host(), p.namespace());
        e.instanceName = instanceName(p);
        return e;
    }

    LocalInstancePathElement localInstancePath(ObjectPath p) {
        LocalInstancePathElement e = new LocalInstancePathElement();
        e.localNamespacePath = localNamespace(p.namespace());
        e.instanceName = instanceName(p);
        return e;
    }

    ClassPathElement classPath(ObjectPath p) {
        if (p.namespace() == null) {
            throw new IllegalArgumentException("a CLASSPATH needs a namespace: " + p);
        }
        ClassPathElement e = new ClassPathElement();
        e.namespacePath = namespacePath(p.host(), p.namespace());
        e.className = className(p.className());
        return e;
    }

    static LocalClassPathElement localClassPath(ObjectPath p) {
        LocalClassPathElement e = new LocalClassPathElement();
        e.localNamespacePath = localNamespace(p.namespace());
        e.className = className(p.className());
        return e;
    }

    ObjectPathElement objectPath(ObjectPath p) {
        ObjectPathElement e = new ObjectPathElement();
        e.path = p.isClassPath() ? classPath(p) : instancePath(p);
        return e;
    }

    /** A reference: INSTANCEPATH when the path has a namespace, INSTANCENAME otherwise; class paths likewise. */
    ValueReferenceElement valueReference(ObjectPath p) {
        ValueReferenceElement e = new ValueReferenceElement();
        if (p.isClassPath()) {
            e.path = p.namespace() == null ? className(p.className()) : classPath(p);
        } else {
            e.path = p.namespace() == null ? instanceName(p) : instancePath(p);
        }
        return e;
    }

    // ---- values ----------------------------------------------------------------------------------

    static String text(CimType type, Object element) {
        return switch (type) {
            case STRING, DATETIME -> element.toString();
            case CHAR16 -> String.valueOf(element);
            default -> CimValue.formatScalar(type, element);
        };
    }

    ValueElement value(CimType type, CimValue.Embedded emb, Object element) {
        ValueElement v = new ValueElement();
        v.text = emb != CimValue.Embedded.NONE && !(element instanceof String)
                ? embeddedText(element) : text(type, element);
        return v;
    }

    /** The text of an embedded instance or class, marshalled with JAXB (responses use {@link ModelWriter}). */
    String embeddedText(Object instanceOrClass) {
        Object element;
        if (instanceOrClass instanceof CimInstance i) {
            element = instance(i);
        } else if (instanceOrClass instanceof CimClass c) {
            element = cimClass(c);
        } else {
            throw new IllegalArgumentException("an embedded object is a CimInstance or CimClass, not "
                    + (instanceOrClass == null ? "null" : instanceOrClass.getClass().getSimpleName()));
        }
        CimXmlOutput out = new CimXmlOutput();
        jakarta.xml.bind.Marshaller m = XmlIo.marshaller();
        XmlIo.marshal(m, element, out);
        XmlIo.release(m);
        return out.text();
    }

    ValueArrayElement valueArray(CimValue v) {
        ValueArrayElement a = new ValueArrayElement();
        for (Object o : v.elements()) {
            a.values.add(o == null ? new ValueNullElement() : value(v.type(), v.embedded(), o));
        }
        return a;
    }

    ValueRefArrayElement refArray(CimValue v) {
        ValueRefArrayElement a = new ValueRefArrayElement();
        for (Object o : v.elements()) {
            a.values.add(o == null ? new ValueNullElement() : valueReference((ObjectPath) o));
        }
        return a;
    }

    /** VALUE, VALUE.ARRAY or VALUE.REFERENCE for a non-NULL value; null for NULL. */
    Object anyValue(CimValue v) {
        if (v.isNull()) {
            return null;
        }
        if (v.type() == CimType.REFERENCE) {
            return v.isArray() ? refArray(v) : valueReference(v.asReference());
        }
        return v.isArray() ? valueArray(v) : value(v.type(), v.embedded(), v.value());
    }

    static String embeddedAttribute(CimValue.Embedded emb) {
        return switch (emb) {
            case INSTANCE -> "instance";
            case OBJECT -> "object";
            default -> null;
        };
    }

    // ---- objects ---------------------------------------------------------------------------------

    InstanceElement instance(CimInstance i) {
        InstanceElement e = new InstanceElement();
        e.className = i.className().value();
        for (CimQualifier q : i.qualifiers()) {
            e.qualifiers.add(qualifier(q));
        }
        for (CimProperty p : i.properties()) {
            e.properties.add(property(p));
        }
        return e;
    }

    ValueNamedInstanceElement namedInstance(CimInstance i) {
        if (i.path() == null) {
            throw new IllegalArgumentException("a named instance needs a path: instance of " + i.className());
        }
        ValueNamedInstanceElement e = new ValueNamedInstanceElement();
        e.instanceName = instanceName(i.path());
        e.instance = instance(i);
        return e;
    }

    ClassElement cimClass(CimClass c) {
        ClassElement e = new ClassElement();
        e.name = c.name().value();
        e.superclass = c.superclass() == null ? null : c.superclass().value();
        for (CimQualifier q : c.qualifiers()) {
            e.qualifiers.add(qualifier(q));
        }
        for (CimProperty p : c.properties()) {
            e.properties.add(property(p));
        }
        for (CimMethod m : c.methods()) {
            e.methods.add(method(m));
        }
        return e;
    }

    Object property(CimProperty p) {
        String origin = p.classOrigin() == null ? null : p.classOrigin().value();
        String propagated = p.propagated() ? "true" : null;
        CimValue v = p.value();
        if (p.type() == CimType.REFERENCE) {
            if (p.array()) {
                throw new IllegalArgumentException("property " + p.name() + ": CIM has no reference array properties");
            }
            PropertyReferenceElement e = new PropertyReferenceElement();
            e.name = p.name().value();
            e.referenceClass = p.referenceClass() == null ? null : p.referenceClass().value();
            e.classOrigin = origin;
            e.propagated = propagated;
            qualifiers(p.qualifiers(), e.qualifiers);
            e.value = v.isNull() ? null : valueReference(v.asReference());
            return e;
        }
        CimValue.Embedded emb = v.embedded() != CimValue.Embedded.NONE ? v.embedded() : p.embedded();
        if (p.array()) {
            PropertyArrayElement e = new PropertyArrayElement();
            e.name = p.name().value();
            e.type = p.type().wireName();
            e.arraySize = p.arraySize() == null ? null : p.arraySize().toString();
            e.classOrigin = origin;
            e.propagated = propagated;
            e.embeddedObject = embeddedAttribute(emb);
            qualifiers(p.qualifiers(), e.qualifiers);
            e.value = v.isNull() ? null : valueArray(v);
            return e;
        }
        PropertyElement e = new PropertyElement();
        e.name = p.name().value();
        e.type = p.type().wireName();
        e.classOrigin = origin;
        e.propagated = propagated;
        e.embeddedObject = embeddedAttribute(emb);
        qualifiers(p.qualifiers(), e.qualifiers);
        e.value = v.isNull() ? null : value(v.type(), v.embedded(), v.value());
        return e;
    }

    private void qualifiers(List<CimQualifier> qs, List<QualifierElement> out) {
        for (CimQualifier q : qs) {
            out.add(qualifier(q));
        }
    }

    QualifierElement qualifier(CimQualifier q) {
        QualifierElement e = new QualifierElement();
        e.name = q.name().value();
        e.type = q.value().type().wireName();
        e.propagated = q.propagated() ? "true" : null;
        flavors(q.flavors(), e);
        CimValue v = q.value();
        e.value = v.isNull() ? null : v.isArray() ? valueArray(v) : value(v.type(), CimValue.Embedded.NONE, v.value());
        return e;
    }

    private static void flavors(Flavors f, QualifierElement e) {
        e.overridable = f.overridable() ? null : "false";
        e.toSubclass = f.toSubclass() ? null : "false";
        e.translatable = f.translatable() ? "true" : null;
    }

    MethodElement method(CimMethod m) {
        MethodElement e = new MethodElement();
        e.name = m.name().value();
        e.type = m.returnType().wireName();
        e.classOrigin = m.classOrigin() == null ? null : m.classOrigin().value();
        e.propagated = m.propagated() ? "true" : null;
        qualifiers(m.qualifiers(), e.qualifiers);
        for (CimParameter p : m.parameters()) {
            e.parameters.add(parameter(p));
        }
        return e;
    }

    Object parameter(CimParameter p) {
        String size = p.arraySize() == null ? null : p.arraySize().toString();
        String refClass = p.referenceClass() == null ? null : p.referenceClass().value();
        if (p.type() == CimType.REFERENCE) {
            if (p.array()) {
                ParameterRefArrayElement e = new ParameterRefArrayElement();
                e.name = p.name().value();
                e.referenceClass = refClass;
                e.arraySize = size;
                qualifiers(p.qualifiers(), e.qualifiers);
                return e;
            }
            ParameterReferenceElement e = new ParameterReferenceElement();
            e.name = p.name().value();
            e.referenceClass = refClass;
            qualifiers(p.qualifiers(), e.qualifiers);
            return e;
        }
        if (p.array()) {
            ParameterArrayElement e = new ParameterArrayElement();
            e.name = p.name().value();
            e.type = p.type().wireName();
            e.arraySize = size;
            qualifiers(p.qualifiers(), e.qualifiers);
            return e;
        }
        ParameterElement e = new ParameterElement();
        e.name = p.name().value();
        e.type = p.type().wireName();
        qualifiers(p.qualifiers(), e.qualifiers);
        return e;
    }

    QualifierDeclarationElement qualifierDeclaration(QualifierDeclaration q) {
        QualifierDeclarationElement e = new QualifierDeclarationElement();
        e.name = q.name().value();
        e.type = q.type().wireName();
        e.isArray = q.array() ? "true" : "false";
        e.arraySize = q.arraySize() == null ? null : q.arraySize().toString();
        e.overridable = q.flavors().overridable() ? null : "false";
        e.toSubclass = q.flavors().toSubclass() ? null : "false";
        e.translatable = q.flavors().translatable() ? "true" : null;
        Set<Scope> s = q.scopes();
        if (!s.isEmpty()) {
            boolean any = s.contains(Scope.ANY);
            ScopeElement se = new ScopeElement();
            se.classScope = any || s.contains(Scope.CLASS) ? "true" : null;
            se.associationScope = any || s.contains(Scope.ASSOCIATION) ? "true" : null;
            se.referenceScope = any || s.contains(Scope.REFERENCE) ? "true" : null;
            se.propertyScope = any || s.contains(Scope.PROPERTY) ? "true" : null;
            se.methodScope = any || s.contains(Scope.METHOD) ? "true" : null;
            se.parameterScope = any || s.contains(Scope.PARAMETER) ? "true" : null;
            se.indicationScope = any || s.contains(Scope.INDICATION) ? "true" : null;
            e.scope = se;
        }
        CimValue v = q.defaultValue();
        e.value = v.isNull() ? null : v.isArray() ? valueArray(v) : value(v.type(), CimValue.Embedded.NONE, v.value());
        return e;
    }

    // ---- parameters ------------------------------------------------------------------------------

    /** A PARAMVALUE; PARAMTYPE only when the type is known; NULL gives an empty element. */
    ParamValueElement paramValue(ParamValue p) {
        ParamValueElement e = new ParamValueElement();
        e.name = p.name().value();
        CimValue v = p.value();
        if (p.typeKnown()) {
            e.paramType = v.type() == CimType.REFERENCE ? "reference" : v.type().wireName();
            e.embeddedObject = embeddedAttribute(v.embedded());
        }
        e.content = anyValue(v);
        return e;
    }

    ReturnValueElement returnValue(CimValue v) {
        ReturnValueElement e = new ReturnValueElement();
        e.paramType = v.type() == CimType.REFERENCE ? "reference" : v.type().wireName();
        e.embeddedObject = embeddedAttribute(v.embedded());
        if (!v.isNull()) {
            if (v.isArray()) {
                throw new IllegalArgumentException("a method cannot return an array");
            }
            e.content = v.type() == CimType.REFERENCE ? valueReference(v.asReference()) : value(v.type(), v.embedded(), v.value());
        }
        return e;
    }
}
