package org.replicacim.mof;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.replicacim.cim.Namespace;
import org.replicacim.mof.MofSyntax.Literal;
import org.replicacim.mof.MofSyntax.ParsedFile;
import org.replicacim.mof.MofSyntax.Pragma;
import org.replicacim.mof.MofSyntax.Production;

/**
 * The MOF compiler (DSP0004). {@link #compile(MofSource)} reads a root file and its {@code #pragma include}s,
 * collects every declaration of the whole compilation, then types and checks them, so declaration order across
 * files does not matter. Files are parsed in parallel as soon as an include names them. A compiler instance caches
 * parsed files: compiling two roots that include the same files parses each file once.
 */
public final class MofCompiler {
    private static final Set<String> IGNORED_PRAGMAS =
            Set.of("locale", "instancelocale", "nonlocal", "nonlocaltype", "source", "sourcetype");

    private final Map<String, CompletableFuture<ParsedFile>> parsed = new ConcurrentHashMap<>();

    /** Creates a compiler with an empty parse cache. */
    public MofCompiler() {
    }

    /** Compiles one MOF text that has no includes, e.g. in a test. */
    public static MofCompilation compileText(String name, String text) {
        return new MofCompiler().compile(MofSource.ofText(name, text));
    }

    /** Compiles a root file and everything it includes; never throws for MOF errors, they are in the result. */
    public MofCompilation compile(MofSource root) {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mof-parser");
            t.setDaemon(true);
            return t;
        });
        try {
            Expansion ex = new Expansion(pool);
            ex.walk(root, null, new ArrayList<>());
            return new DeclarationTyper(ex.errors).type(ex.items, ex.files);
        } finally {
            pool.shutdownNow();
            parsed.values().removeIf(f -> !f.isDone());
        }
    }

    /** A production with the namespace in force where it was written. */
    record Located(Production production, Namespace namespace) {
    }

    /**
     * Parses a file on the pool, once per compiler; as soon as it is parsed, the files it includes are parsed too,
     * in parallel, while the include walk (which must keep file order) waits only for the file it needs next.
     */
    private CompletableFuture<ParsedFile> parseAsync(MofSource source, ExecutorService pool) {
        CompletableFuture<ParsedFile> f = parsed.get(source.key());
        if (f != null) {
            return f;
        }
        CompletableFuture<ParsedFile> fresh = new CompletableFuture<>();
        f = parsed.putIfAbsent(source.key(), fresh);
        if (f != null) {
            return f;
        }
        try {
            pool.execute(() -> {
                try {
                    ParsedFile file = MofFileParser.parse(source.name(), source.read());
                    fresh.complete(file);
                    for (Production p : file.productions()) {
                        if (p instanceof Pragma pragma && pragma.name().text().equalsIgnoreCase("include")
                                && pragma.arguments().size() == 1) {
                            parseAsync(source.resolve(pragma.arguments().get(0).text()), pool);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    fresh.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            parsed.remove(source.key(), fresh);
        }
        return fresh;
    }

    private ParsedFile parse(MofSource source, ExecutorService pool) throws IOException {
        CompletableFuture<ParsedFile> f = parseAsync(source, pool);
        try {
            return f.join();
        } catch (CompletionException e) {
            parsed.remove(source.key(), f);
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** Follows includes depth-first, in order, keeping the namespace pragma in force. */
    private final class Expansion {
        final ExecutorService pool;
        final List<Located> items = new ArrayList<>();
        final List<MofError> errors = new ArrayList<>();
        final Set<String> files = new LinkedHashSet<>();
        Namespace namespace;

        Expansion(ExecutorService pool) {
            this.pool = pool;
        }

        void walk(MofSource source, Pragma includedBy, List<MofSource> stack) {
            ParsedFile file;
            try {
                file = parse(source, pool);
            } catch (IOException e) {
                String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
                if (includedBy == null) {
                    errors.add(new MofError(new SourcePosition(source.name(), 1, 1), "cannot read MOF file: " + why));
                } else {
                    errors.add(new MofError(includedBy.arguments().get(0).position(), "cannot read included file '"
                            + includedBy.arguments().get(0).text() + "' (" + source.name() + "): " + why));
                }
                return;
            }
            files.add(source.name());
            errors.addAll(file.errors());
            stack.add(source);
            for (Production p : file.productions()) {
                if (p instanceof Pragma pragma) {
                    pragma(source, pragma, stack);
                } else {
                    items.add(new Located(p, namespace));
                }
            }
            stack.remove(stack.size() - 1);
        }

        private void pragma(MofSource source, Pragma pragma, List<MofSource> stack) {
            String name = pragma.name().text().toLowerCase(Locale.ROOT);
            List<Literal> args = pragma.arguments();
            if (name.equals("include") || name.equals("namespace")) {
                if (args.size() != 1) {
                    errors.add(new MofError(pragma.name().position(),
                            "expected exactly one string argument to #pragma " + name + ", found " + args.size()));
                    return;
                }
            }
            switch (name) {
                case "include" -> {
                    MofSource included = source.resolve(args.get(0).text());
                    int at = stack.indexOf(included);
                    if (at >= 0) {
                        StringBuilder cycle = new StringBuilder();
                        for (MofSource s : stack.subList(at, stack.size())) {
                            cycle.append(s.name()).append(" -> ");
                        }
                        errors.add(new MofError(args.get(0).position(), "include cycle: " + cycle + included.name()));
                        return;
                    }
                    walk(included, pragma, stack);
                }
                case "namespace" -> {
                    try {
                        namespace = Namespace.of(args.get(0).text());
                    } catch (IllegalArgumentException e) {
                        errors.add(new MofError(args.get(0).position(),
                                "expected a namespace name such as \"root/interop\", found \"" + args.get(0).text() + "\""));
                    }
                }
                default -> {
                    if (!IGNORED_PRAGMAS.contains(name)) {
                        errors.add(new MofError(pragma.name().position(), "unknown pragma '" + pragma.name().text()
                                + "': expected include, namespace, locale, instancelocale, nonlocal, nonlocaltype, "
                                + "source or sourcetype"));
                    }
                }
            }
        }
    }
}
