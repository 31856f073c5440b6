package org.replicacim.mof;

import java.util.List;

/**
 * The result of compiling one MOF root and everything it includes: qualifier declarations, class declarations as
 * written (unresolved), instances, the files read in include order, and every error found. Declarations that had
 * errors are left out; the rest are usable.
 */
public record MofCompilation(List<MofQualifierDeclaration> qualifierDeclarations, List<MofClassDeclaration> classes,
                             List<MofInstance> instances, List<String> files, List<MofError> errors) {
    /** Copies the lists. */
    public MofCompilation {
        qualifierDeclarations = List.copyOf(qualifierDeclarations);
        classes = List.copyOf(classes);
        instances = List.copyOf(instances);
        files = List.copyOf(files);
        errors = List.copyOf(errors);
    }

    /** Whether the compilation found no error. */
    public boolean ok() {
        return errors.isEmpty();
    }

    /** Returns this compilation, or throws a {@link MofException} listing every error. */
    public MofCompilation orThrow() throws MofException {
        if (!errors.isEmpty()) {
            throw new MofException(errors);
        }
        return this;
    }
}
