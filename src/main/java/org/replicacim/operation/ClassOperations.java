package org.replicacim.operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimParameter;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.provider.ResultSink;

/** GetClass, EnumerateClasses, EnumerateClassNames and the qualifier operations, answered from the schema. */
final class ClassOperations {
    private final Schema schema;

    ClassOperations(Schema schema) {
        this.schema = schema;
    }

    void getClass(Namespace ns, IntrinsicRequest.GetClass r, ResultSink<Object> out) throws CimException {
        CimClass c = schema.getClass(ns, r.className());
        if (c == null) {
            throw new CimException(CimStatus.NOT_FOUND, "no class " + r.className() + " in namespace " + ns);
        }
        out.accept(shape(c, r.localOnly(), r.includeQualifiers(), r.includeClassOrigin(), r.propertyList()));
    }

    void enumerateClasses(Namespace ns, IntrinsicRequest.EnumerateClasses r, ResultSink<Object> out) throws CimException {
        for (CimName n : subclasses(ns, r.className(), r.deepInheritance())) {
            CimClass c = schema.getClass(ns, n);
            out.accept(shape(c, r.localOnly(), r.includeQualifiers(), r.includeClassOrigin(), null));
        }
    }

    void enumerateClassNames(Namespace ns, IntrinsicRequest.EnumerateClassNames r, ResultSink<Object> out) throws CimException {
        for (CimName n : subclasses(ns, r.className(), r.deepInheritance())) {
            out.accept(n);
        }
    }

    private List<CimName> subclasses(Namespace ns, CimName cls, boolean deep) throws CimException {
        if (cls != null && schema.getClass(ns, cls) == null) {
            throw new CimException(CimStatus.INVALID_CLASS, "no class " + cls + " in namespace " + ns);
        }
        return schema.subclassNames(ns, cls, deep);
    }

    void getQualifier(Namespace ns, IntrinsicRequest.GetQualifier r, ResultSink<Object> out) throws CimException {
        for (QualifierDeclaration q : schema.qualifierDeclarations(ns)) {
            if (q.name().equals(r.qualifierName())) {
                out.accept(q);
                return;
            }
        }
        throw new CimException(CimStatus.NOT_FOUND, "no qualifier " + r.qualifierName() + " declared in " + ns);
    }

    void enumerateQualifiers(Namespace ns, IntrinsicRequest.EnumerateQualifiers r, ResultSink<Object> out) throws CimException {
        for (QualifierDeclaration q : schema.qualifierDeclarations(ns)) {
            out.accept(q);
        }
    }

    /** Applies LocalOnly, IncludeQualifiers, IncludeClassOrigin and PropertyList to a resolved class. */
    static CimClass shape(CimClass c, boolean localOnly, boolean includeQualifiers, boolean includeClassOrigin,
                          List<CimName> propertyList) {
        Set<CimName> wanted = propertyList == null ? null : propertyList.stream().collect(Collectors.toSet());
        CimClass.Builder b = CimClass.builder(c.name()).superclass(c.superclass())
                .qualifiers(qualifiers(c.qualifiers(), localOnly, includeQualifiers));
        for (CimProperty p : c.properties()) {
            if ((localOnly && p.propagated()) || (wanted != null && !wanted.contains(p.name()))) {
                continue;
            }
            b.property(p.withQualifiers(qualifiers(p.qualifiers(), localOnly, includeQualifiers))
                    .withOrigin(includeClassOrigin ? p.classOrigin() : null, p.propagated()));
        }
        for (CimMethod m : c.methods()) {
            if (localOnly && m.propagated()) {
                continue;
            }
            List<CimParameter> params = new ArrayList<>();
            for (CimParameter p : m.parameters()) {
                params.add(includeQualifiers ? p : p.withQualifiers(List.of()));
            }
            b.method(m.withParameters(params).withQualifiers(qualifiers(m.qualifiers(), localOnly, includeQualifiers))
                    .withOrigin(includeClassOrigin ? m.classOrigin() : null, m.propagated()));
        }
        return b.build();
    }

    private static List<CimQualifier> qualifiers(List<CimQualifier> qs, boolean localOnly, boolean include) {
        if (!include) {
            return List.of();
        }
        if (!localOnly) {
            return qs;
        }
        List<CimQualifier> local = new ArrayList<>(qs.size());
        for (CimQualifier q : qs) {
            if (!q.propagated()) {
                local.add(q);
            }
        }
        return local;
    }
}
