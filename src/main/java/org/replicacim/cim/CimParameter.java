package org.replicacim.cim;

import java.util.List;
import java.util.Objects;

/** A parameter of a method declaration: type (a reference names its class), array-ness and qualifiers such as IN/OUT. */
public record CimParameter(CimName name, CimType type, boolean array, Integer arraySize, CimName referenceClass,
                           List<CimQualifier> qualifiers) {
    public CimParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        qualifiers = List.copyOf(qualifiers);
    }

    public static CimParameter of(String name, CimType type, boolean array, List<CimQualifier> qualifiers) {
        return new CimParameter(CimName.of(name), type, array, null, null, qualifiers);
    }

    /** Input unless qualified IN(false); DSP0004 defaults In to true. */
    public boolean isInput() {
        CimQualifier q = CimQualifier.find(qualifiers, "In");
        return q == null || q.value().isNull() || q.value().asBoolean();
    }

    public boolean isOutput() {
        return CimQualifier.isTrue(qualifiers, "Out");
    }

    public CimValue.Embedded embedded() {
        return CimProperty.embeddedFrom(qualifiers);
    }

    public CimQualifier qualifier(String qname) {
        return CimQualifier.find(qualifiers, qname);
    }

    public CimParameter withQualifiers(List<CimQualifier> q) {
        return new CimParameter(name, type, array, arraySize, referenceClass, q);
    }
}
