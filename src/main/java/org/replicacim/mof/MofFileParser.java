package org.replicacim.mof;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;

import org.replicacim.mof.MofSyntax.ClassDecl;
import org.replicacim.mof.MofSyntax.Feature;
import org.replicacim.mof.MofSyntax.Initializer;
import org.replicacim.mof.MofSyntax.InstanceDecl;
import org.replicacim.mof.MofSyntax.Literal;
import org.replicacim.mof.MofSyntax.LiteralKind;
import org.replicacim.mof.MofSyntax.Name;
import org.replicacim.mof.MofSyntax.ParsedFile;
import org.replicacim.mof.MofSyntax.Pragma;
import org.replicacim.mof.MofSyntax.Production;
import org.replicacim.mof.MofSyntax.PropertyValue;
import org.replicacim.mof.MofSyntax.Qualifier;
import org.replicacim.mof.MofSyntax.QualifierDecl;

/** Parses the text of one MOF file into {@link MofSyntax} productions, reporting syntax errors with positions. */
final class MofFileParser {
    private final String file;
    private final List<MofError> errors = new ArrayList<>();

    private MofFileParser(String file) {
        this.file = file;
    }

    /**
     * Parses one file; the result holds the well-formed productions and the errors (at most one syntax error).
     * Productions are parsed and converted one at a time, so the parse tree never holds the whole file: fast SLL
     * prediction first, and on any syntax error the file is parsed again with full LL and error reporting.
     */
    static ParsedFile parse(String file, String text) {
        MofFileParser p = new MofFileParser(file);
        MofLexer lexer = new MofLexer(CharStreams.fromString(text, file));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        MofParser parser = new MofParser(tokens);
        parser.removeErrorListeners();
        parser.setBuildParseTree(true);
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        List<Production> productions = new ArrayList<>();
        try {
            while (tokens.LA(1) != Token.EOF) {
                Production prod = p.production(parser.mofProduction());
                if (prod != null) {
                    productions.add(prod);
                }
            }
            return new ParsedFile(List.copyOf(productions), List.copyOf(p.errors));
        } catch (ParseCancellationException e) {
            productions.clear();
            p.errors.clear();
        }
        tokens.seek(0);
        parser.reset();
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        parser.setErrorHandler(new DefaultErrorStrategy());
        parser.addErrorListener(p.new SyntaxErrorListener());
        MofParser.MofSpecificationContext tree = parser.mofSpecification();
        for (MofParser.MofProductionContext ctx : tree.mofProduction()) {
            if (!hasErrors(ctx)) {
                Production prod = p.production(ctx);
                if (prod != null) {
                    productions.add(prod);
                }
            }
        }
        return new ParsedFile(List.copyOf(productions), List.copyOf(p.errors));
    }

    private static boolean hasErrors(ParseTree t) {
        if (t instanceof ErrorNode) {
            return true;
        }
        if (t instanceof ParserRuleContext ctx) {
            if (ctx.exception != null || ctx.getChildCount() == 0) {
                return true;
            }
            for (int i = 0; i < ctx.getChildCount(); i++) {
                if (hasErrors(ctx.getChild(i))) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- syntax errors ------------------------------------------------------------------------------

    private final class SyntaxErrorListener extends BaseErrorListener {
        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                                String msg, RecognitionException e) {
            if (!errors.isEmpty()) {
                return;
            }
            SourcePosition pos = new SourcePosition(file, line, charPositionInLine + 1);
            if (!(offendingSymbol instanceof Token t) || !(recognizer instanceof Parser parser)) {
                errors.add(new MofError(pos, msg));
                return;
            }
            String found = describeToken(t);
            switch (t.getType()) {
                case MofLexer.UNTERMINATED_STRING:
                    errors.add(new MofError(pos, "unterminated string literal: expected a closing '\"' before the end of the line"));
                    return;
                case MofLexer.UNTERMINATED_COMMENT:
                    errors.add(new MofError(pos, "unterminated comment: expected '*/' before the end of the file"));
                    return;
                default:
                    break;
            }
            IntervalSet expected = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens() : parser.getExpectedTokens();
            errors.add(new MofError(pos, "expected " + describeExpected(expected, parser.getVocabulary()) + ", found " + found));
        }
    }

    private static String describeToken(Token t) {
        if (t.getType() == Token.EOF) {
            return "end of file";
        }
        if (t.getType() == MofLexer.UNKNOWN_CHARACTER) {
            return "unexpected character '" + t.getText() + "'";
        }
        String text = t.getText();
        return "'" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "'";
    }

    /** Names the expected tokens; keywords usable as identifiers collapse into "identifier". */
    static String describeExpected(IntervalSet expected, Vocabulary vocabulary) {
        BitSet keywordIds = new BitSet();
        for (int k : new int[] {MofLexer.CLASS, MofLexer.ASSOCIATION, MofLexer.INDICATION, MofLexer.INSTANCE, MofLexer.OF,
                MofLexer.QUALIFIER, MofLexer.SCOPE, MofLexer.FLAVOR, MofLexer.REF, MofLexer.AS}) {
            keywordIds.set(k);
        }
        boolean identifier = expected.contains(MofLexer.IDENTIFIER);
        Set<String> names = new LinkedHashSet<>();
        for (int type : expected.toList()) {
            if (identifier && keywordIds.get(type)) {
                continue;
            }
            names.add(tokenName(type, vocabulary));
        }
        if (names.remove("end of file")) {
            names.add("end of file");
        }
        List<String> list = new ArrayList<>(names);
        if (list.isEmpty()) {
            return "something else";
        }
        if (list.size() == 1) {
            return list.get(0);
        }
        return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }

    private static String tokenName(int type, Vocabulary vocabulary) {
        switch (type) {
            case Token.EOF: return "end of file";
            case MofLexer.IDENTIFIER: return "identifier";
            case MofLexer.ALIAS_IDENTIFIER: return "alias ($name)";
            case MofLexer.STRING: return "string";
            case MofLexer.INTEGER: return "integer";
            case MofLexer.REAL: return "real";
            case MofLexer.CHAR: return "char16";
            case MofLexer.PRAGMA: return "'#pragma'";
            default:
                String literal = vocabulary.getLiteralName(type);
                return literal != null ? literal : vocabulary.getDisplayName(type);
        }
    }

    // ---- tree to syntax model -------------------------------------------------------------------------

    private Production production(MofParser.MofProductionContext ctx) {
        if (ctx.compilerDirective() != null) {
            MofParser.CompilerDirectiveContext d = ctx.compilerDirective();
            List<Literal> args = new ArrayList<>();
            for (MofParser.StringValueContext s : d.stringValue()) {
                args.add(string(List.of(s)));
            }
            return new Pragma(name(d.pragmaName), args);
        }
        if (ctx.qualifierDeclaration() != null) {
            return qualifierDecl(ctx.qualifierDeclaration());
        }
        if (ctx.classDeclaration() != null) {
            return classDecl(ctx.qualifierList(), ctx.classDeclaration());
        }
        return instanceDecl(ctx.qualifierList(), ctx.instanceDeclaration());
    }

    private QualifierDecl qualifierDecl(MofParser.QualifierDeclarationContext c) {
        List<Name> scopes = new ArrayList<>();
        for (MofParser.IdentifierContext id : c.scope().identifier()) {
            scopes.add(name(id));
        }
        List<Name> flavors = new ArrayList<>();
        if (c.flavorList() != null) {
            for (MofParser.IdentifierContext id : c.flavorList().identifier()) {
                flavors.add(name(id));
            }
        }
        return new QualifierDecl(name(c.name), name(c.type), c.array() != null, arraySize(c.array()),
                c.defaultValue() == null ? null : initializer(c.defaultValue().initializer()), scopes, flavors);
    }

    private ClassDecl classDecl(MofParser.QualifierListContext q, MofParser.ClassDeclarationContext c) {
        List<Feature> features = new ArrayList<>();
        for (MofParser.ClassFeatureContext f : c.classFeature()) {
            features.add(f.methodParameters() != null ? method(f) : property(f));
        }
        return new ClassDecl(qualifiers(q), name(c.kind), name(c.name),
                c.superclass == null ? null : name(c.superclass), List.copyOf(features));
    }

    private Feature property(MofParser.ClassFeatureContext p) {
        return new Feature(qualifiers(p.qualifierList()), name(p.type), p.REF() != null, name(p.name), false,
                p.array() != null, arraySize(p.array()),
                p.defaultValue() == null ? null : initializer(p.defaultValue().initializer()), List.of());
    }

    private Feature method(MofParser.ClassFeatureContext m) {
        List<Feature> params = new ArrayList<>();
        for (MofParser.ParameterContext p : m.methodParameters().parameter()) {
            params.add(new Feature(qualifiers(p.qualifierList()), name(p.type), p.REF() != null, name(p.name), false,
                    p.array() != null, arraySize(p.array()),
                    p.defaultValue() == null ? null : initializer(p.defaultValue().initializer()), List.of()));
        }
        return new Feature(qualifiers(m.qualifierList()), name(m.type), m.REF() != null, name(m.name), true,
                false, null, null, List.copyOf(params));
    }

    private InstanceDecl instanceDecl(MofParser.QualifierListContext q, MofParser.InstanceDeclarationContext c) {
        List<PropertyValue> values = new ArrayList<>();
        for (MofParser.ValueInitializerContext v : c.valueInitializer()) {
            values.add(new PropertyValue(qualifiers(v.qualifierList()), name(v.name), initializer(v.initializer())));
        }
        return new InstanceDecl(qualifiers(q), name(c.className),
                c.alias == null ? null : name(c.alias), values);
    }

    private Integer arraySize(MofParser.ArrayContext a) {
        if (a == null || a.INTEGER() == null) {
            return null;
        }
        Token t = a.INTEGER().getSymbol();
        try {
            int n = MofLiterals.parseInteger(t.getText()).intValueExact();
            if (n > 0) {
                return n;
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            // reported below
        }
        errors.add(new MofError(position(t), "expected a positive array size, found '" + t.getText() + "'"));
        return null;
    }

    private List<Qualifier> qualifiers(MofParser.QualifierListContext list) {
        if (list == null) {
            return List.of();
        }
        List<Qualifier> out = new ArrayList<>();
        for (MofParser.QualifierContext q : list.qualifier()) {
            Initializer value = null;
            MofParser.QualifierParameterContext param = q.qualifierParameter();
            if (param != null) {
                value = param.value() != null
                        ? new Initializer(false, List.of(literal(param.value())), position(param.getStart()))
                        : arrayInitializer(param.arrayInitializer());
            }
            List<Name> flavors = new ArrayList<>();
            for (int i = 1; i < q.identifier().size(); i++) {
                flavors.add(name(q.identifier(i)));
            }
            out.add(new Qualifier(name(q.name), value, flavors));
        }
        return List.copyOf(out);
    }

    private Initializer initializer(MofParser.InitializerContext c) {
        if (c.arrayInitializer() != null) {
            return arrayInitializer(c.arrayInitializer());
        }
        return new Initializer(false, List.of(literal(c.value())), position(c.getStart()));
    }

    private Initializer arrayInitializer(MofParser.ArrayInitializerContext c) {
        List<Literal> values = new ArrayList<>();
        for (MofParser.ValueContext v : c.value()) {
            values.add(literal(v));
        }
        return new Initializer(true, List.copyOf(values), position(c.getStart()));
    }

    private Literal literal(MofParser.ValueContext v) {
        SourcePosition pos = position(v.getStart());
        if (v instanceof MofParser.StringLiteralContext s) {
            return string(s.stringValue());
        }
        if (v instanceof MofParser.IntegerLiteralContext) {
            return new Literal(LiteralKind.INTEGER, v.getText(), pos);
        }
        if (v instanceof MofParser.RealLiteralContext) {
            return new Literal(LiteralKind.REAL, v.getText(), pos);
        }
        if (v instanceof MofParser.CharLiteralContext c) {
            Token t = c.CHAR().getSymbol();
            String text = t.getText();
            String unescaped = unescape(text.substring(1, text.length() - 1), t);
            if (unescaped != null && unescaped.length() != 1) {
                errors.add(new MofError(pos, "expected exactly one character in a char16 literal, found " + text));
            }
            return new Literal(LiteralKind.CHAR, unescaped == null ? "?" : unescaped, pos);
        }
        if (v instanceof MofParser.BooleanLiteralContext) {
            return new Literal(LiteralKind.BOOLEAN, v.getText(), pos);
        }
        if (v instanceof MofParser.AliasLiteralContext) {
            return new Literal(LiteralKind.ALIAS, v.getText(), pos);
        }
        return new Literal(LiteralKind.NULL, "NULL", pos);
    }

    private Literal string(List<MofParser.StringValueContext> parts) {
        StringBuilder sb = new StringBuilder();
        for (MofParser.StringValueContext part : parts) {
            Token t = part.STRING().getSymbol();
            String text = t.getText();
            String unescaped = unescape(text.substring(1, text.length() - 1), t);
            if (unescaped != null) {
                sb.append(unescaped);
            }
        }
        return new Literal(LiteralKind.STRING, sb.toString(), position(parts.get(0).getStart()));
    }

    /** Resolves DSP0004 escapes; reports an invalid one at its own column and returns null. */
    private String unescape(String body, Token token) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        try {
            return MofLiterals.unescape(body);
        } catch (MofLiterals.BadEscapeException e) {
            errors.add(new MofError(new SourcePosition(file, token.getLine(), token.getCharPositionInLine() + 2 + e.offset()),
                    e.getMessage()));
            return null;
        }
    }

    private Name name(MofParser.IdentifierContext id) {
        return new Name(id.getText(), position(id.getStart()));
    }

    private Name name(Token t) {
        return new Name(t.getText(), position(t));
    }

    private SourcePosition position(Token t) {
        return new SourcePosition(file, t.getLine(), t.getCharPositionInLine() + 1);
    }
}
