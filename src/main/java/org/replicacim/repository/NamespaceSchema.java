package org.replicacim.repository;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.QualifierDeclaration;

/**
 * The resolved classes of one namespace with every index the server needs precomputed: look-up by name,
 * direct and deep subclasses, ancestors, and the associations that can reference each class. Immutable;
 * two namespaces compiled from the same MOF share one schema.
 */
final class NamespaceSchema {
    private final Map<CimName, CimClass> classes;
    private final Map<CimName, QualifierDeclaration> qualifiers;
    private final List<CimInstance> instances;
    private final List<CimName> topLevel;
    private final Map<CimName, List<CimName>> direct;
    private final Map<CimName, List<CimName>> deep;
    private final Map<CimName, Set<CimName>> ancestors;
    private final List<CimName> associations;
    private final Map<CimName, List<CimName>> associationsReferencing;

    NamespaceSchema(Map<CimName, CimClass> classes, Map<CimName, QualifierDeclaration> qualifiers,
                    List<CimInstance> instances) {
        this.classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
        this.qualifiers = Collections.unmodifiableMap(new LinkedHashMap<>(qualifiers));
        this.instances = List.copyOf(instances);
        List<CimName> top = new ArrayList<>();
        Map<CimName, List<CimName>> children = new HashMap<>();
        Map<CimName, Set<CimName>> anc = new HashMap<>();
        List<CimName> assocs = new ArrayList<>();
        for (CimClass c : classes.values()) {
            if (c.superclass() == null) {
                top.add(c.name());
            } else {
                children.computeIfAbsent(c.superclass(), k -> new ArrayList<>()).add(c.name());
            }
            Set<CimName> chain = new LinkedHashSet<>();
            for (CimClass x = c; x != null; x = x.superclass() == null ? null : classes.get(x.superclass())) {
                chain.add(x.name());
            }
            anc.put(c.name(), Collections.unmodifiableSet(chain));
            if (c.isAssociation()) {
                assocs.add(c.name());
            }
        }
        Map<CimName, List<CimName>> directOut = new HashMap<>();
        Map<CimName, List<CimName>> deepOut = new HashMap<>();
        for (CimName n : classes.keySet()) {
            directOut.put(n, List.copyOf(children.getOrDefault(n, List.of())));
        }
        for (CimName n : classes.keySet()) {
            List<CimName> all = new ArrayList<>();
            collect(n, directOut, all);
            deepOut.put(n, List.copyOf(all));
        }
        Map<CimName, List<CimName>> referencing = new HashMap<>();
        for (CimClass c : classes.values()) {
            List<CimName> list = new ArrayList<>();
            for (CimName a : assocs) {
                for (CimProperty ref : classes.get(a).referenceProperties()) {
                    if (anc.get(c.name()).contains(ref.referenceClass())) {
                        list.add(a);
                        break;
                    }
                }
            }
            referencing.put(c.name(), List.copyOf(list));
        }
        this.topLevel = List.copyOf(top);
        this.direct = directOut;
        this.deep = deepOut;
        this.ancestors = anc;
        this.associations = List.copyOf(assocs);
        this.associationsReferencing = referencing;
    }

    private static void collect(CimName n, Map<CimName, List<CimName>> direct, List<CimName> out) {
        for (CimName child : direct.get(n)) {
            out.add(child);
            collect(child, direct, out);
        }
    }

    CimClass get(CimName name) {
        return classes.get(name);
    }

    Map<CimName, CimClass> classes() {
        return classes;
    }

    Map<CimName, QualifierDeclaration> qualifiers() {
        return qualifiers;
    }

    List<CimInstance> instances() {
        return instances;
    }

    List<CimName> topLevel() {
        return topLevel;
    }

    List<CimName> subclasses(CimName name, boolean deepSearch) {
        return (deepSearch ? deep : direct).get(name);
    }

    /** The class and its superclasses, nearest first; null for an unknown class. */
    Set<CimName> ancestors(CimName name) {
        return ancestors.get(name);
    }

    List<CimName> associations() {
        return associations;
    }

    List<CimName> associationsReferencing(CimName name) {
        return associationsReferencing.get(name);
    }
}
