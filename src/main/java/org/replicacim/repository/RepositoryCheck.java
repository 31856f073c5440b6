package org.replicacim.repository;

import java.io.PrintStream;
import java.nio.file.Path;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.Namespace;

/**
 * Command-line check of the schema: {@code java -cp replicacim.jar org.replicacim.repository.RepositoryCheck [mofDir]}
 * compiles {@code mof/} (the directory given, else the copy inside the jar), prints the time it took and the
 * class, property, method and parameter counts per namespace, or every MOF error; exits 1 on errors.
 */
public final class RepositoryCheck {
    private RepositoryCheck() {
    }

    /** Runs the check; see the class comment. */
    public static void main(String[] args) throws CimException {
        PrintStream out = System.out;
        long start = System.nanoTime();
        ClassRepository repo;
        try {
            repo = ClassRepository.loadStandard(args.length > 0 ? Path.of(args[0]) : null);
        } catch (RepositoryException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        out.println("loaded in " + millis + " ms");
        for (Namespace ns : repo.namespaces()) {
            int properties = 0;
            int methods = 0;
            int parameters = 0;
            int associations = 0;
            int indications = 0;
            for (CimClass c : repo.classes(ns)) {
                properties += c.properties().size();
                methods += c.methods().size();
                parameters += c.methods().stream().mapToInt(m -> m.parameters().size()).sum();
                associations += c.isAssociation() ? 1 : 0;
                indications += c.isIndication() ? 1 : 0;
            }
            out.println(ns + ": " + repo.classes(ns).size() + " classes (" + associations + " associations, "
                    + indications + " indications), " + properties + " properties, " + methods + " methods, "
                    + parameters + " parameters (resolved, inherited members included), "
                    + repo.qualifierDeclarations(ns).size() + " qualifier declarations, "
                    + repo.instances(ns).size() + " instances");
        }
    }
}
