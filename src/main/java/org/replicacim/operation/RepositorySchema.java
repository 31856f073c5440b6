package org.replicacim.operation;

import java.util.ArrayList;
import java.util.List;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimName;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.repository.ClassRepository;

/** The operation layer's view of the compiled class repository. */
public final class RepositorySchema implements Schema {
    private final ClassRepository repository;

    public RepositorySchema(ClassRepository repository) {
        this.repository = repository;
    }

    @Override
    public Namespace resolveNamespace(Namespace requested) {
        try {
            return repository.hasNamespace(requested) ? repository.canonical(requested) : null;
        } catch (CimException unknown) {
            return null;
        }
    }

    @Override
    public List<Namespace> namespaces() {
        return repository.namespaces();
    }

    @Override
    public CimClass getClass(Namespace ns, CimName name) {
        return name == null ? null : repository.findClass(ns, name).orElse(null);
    }

    @Override
    public List<CimName> subclassNames(Namespace ns, CimName name, boolean deep) {
        try {
            return repository.subclassNames(ns, name, deep);
        } catch (CimException unknown) {
            return List.of();
        }
    }

    @Override
    public boolean isSubclassOf(Namespace ns, CimName cls, CimName ancestor) {
        return repository.isSubclassOf(ns, cls, ancestor);
    }

    @Override
    public List<QualifierDeclaration> qualifierDeclarations(Namespace ns) {
        try {
            return new ArrayList<>(repository.qualifierDeclarations(ns).values());
        } catch (CimException unknown) {
            return List.of();
        }
    }

    @Override
    public List<CimName> associationClassNames(Namespace ns) {
        try {
            return repository.associationClassNames(ns);
        } catch (CimException unknown) {
            return List.of();
        }
    }
}
