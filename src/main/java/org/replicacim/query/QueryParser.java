package org.replicacim.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.replicacim.cim.CimException;
import org.replicacim.cim.CimName;

/**
 * A recursive-descent parser for WQL/CQL SELECT statements and FQL filters. It refuses text over
 * {@value #MAX_LENGTH} characters and parentheses or NOTs nested over {@value #MAX_DEPTH} levels, so hostile
 * input cannot exhaust the stack. The grammar is given in the package documentation.
 */
final class QueryParser {
    static final int MAX_LENGTH = 64 * 1024;
    static final int MAX_DEPTH = 100;

    /** A parsed SELECT statement; selectList is null for {@code *}, where is null without WHERE. */
    record ParsedSelect(CimName fromClass, CimName alias, List<CimName> selectList, Condition where) {
    }

    private final QueryDialect dialect;
    private final List<Token> tokens;
    private int index;
    private int depth;
    private CimName fromClass;
    private CimName alias;

    private QueryParser(QueryDialect dialect, List<Token> tokens) {
        this.dialect = dialect;
        this.tokens = tokens;
    }

    private static QueryParser of(QueryDialect dialect, String text) throws CimException {
        if (text == null || text.isBlank()) {
            throw QueryErrors.invalid("empty query", 0);
        }
        if (text.length() > MAX_LENGTH) {
            throw QueryErrors.invalid("query longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        return new QueryParser(dialect, QueryLexer.tokenize(text));
    }

    /** Parses {@code SELECT list FROM Class [[AS] alias] [WHERE condition]}. */
    static ParsedSelect parseSelect(QueryDialect dialect, String text) throws CimException {
        return of(dialect, text).select();
    }

    /** Parses a bare condition (an FQL filter). */
    static Condition parseFilter(QueryDialect dialect, String text) throws CimException {
        QueryParser p = of(dialect, text);
        Condition c = p.or();
        p.expectEnd();
        return c;
    }

    // ---- SELECT ----------------------------------------------------------------------------------

    private ParsedSelect select() throws CimException {
        expectKeyword("SELECT");
        if (peek().isKeyword("DISTINCT") || peek().isKeyword("FIRST")) {
            throw QueryErrors.invalid("SELECT " + peek().text() + " is not supported", peek().position());
        }
        List<List<Token>> items = new ArrayList<>();
        boolean all = false;
        if (peek().isSymbol("*")) {
            advance();
            all = true;
        } else {
            items.add(selectItem());
            while (peek().isSymbol(",")) {
                advance();
                items.add(selectItem());
            }
        }
        expectKeyword("FROM");
        fromClass = className();
        if (peek().isSymbol(",")) {
            throw QueryErrors.invalid("only one class may follow FROM (joins are not supported)", peek().position());
        }
        if (peek().isKeyword("AS")) {
            advance();
            alias = CimName.of(identifier("an alias").text());
        } else if (peek().kind() == Token.Kind.IDENTIFIER && !isKeyword(peek())) {
            if (peek(1).isKeyword("BY")) {
                throw QueryErrors.invalid(peek().text() + " BY is not supported", peek().position());
            }
            alias = CimName.of(advance().text());
        }
        Condition where = null;
        if (peek().isKeyword("WHERE")) {
            advance();
            where = or();
        }
        expectEnd();
        return new ParsedSelect(fromClass, alias, all ? null : resolveSelectList(items), where);
    }

    /** One select item as its tokens: names ({@code A}, {@code A::B}) separated by dots, maybe ending in '*'. */
    private List<Token> selectItem() throws CimException {
        List<Token> parts = new ArrayList<>();
        while (true) {
            if (!parts.isEmpty() && peek().isSymbol("*")) {
                parts.add(advance());
                return parts;
            }
            Token name = identifier("a property name");
            if (peek().isSymbol("::")) {
                advance();
                name = identifier("a property name after '::'");
            }
            parts.add(name);
            if (!peek().isSymbol(".")) {
                return parts;
            }
            advance();
        }
    }

    /** The top-level property names the select items keep; null if an item is {@code Class.*}. */
    private List<CimName> resolveSelectList(List<List<Token>> items) throws CimException {
        Set<CimName> names = new LinkedHashSet<>();
        for (List<Token> item : items) {
            int first = 0;
            if (item.size() > 1 && namesTheFromClass(item.get(0).text())) {
                first = 1;
            }
            Token head = item.get(first);
            if (item.get(item.size() - 1).isSymbol("*")) {
                if (first == 0 || item.size() != 2) {
                    throw QueryErrors.invalid("'.*' must follow the FROM class or its alias", head.position());
                }
                return null;
            }
            names.add(CimName.of(head.text()));
        }
        return List.copyOf(names);
    }

    private boolean namesTheFromClass(String text) {
        return fromClass != null && (fromClass.is(text) || (alias != null && alias.is(text)));
    }

    // ---- conditions ------------------------------------------------------------------------------

    private Condition or() throws CimException {
        List<Condition> parts = new ArrayList<>();
        parts.add(and());
        while (peek().isKeyword("OR")) {
            advance();
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.Or(parts);
    }

    private Condition and() throws CimException {
        List<Condition> parts = new ArrayList<>();
        parts.add(unary());
        while (peek().isKeyword("AND")) {
            advance();
            parts.add(unary());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.And(parts);
    }

    private Condition unary() throws CimException {
        int nots = 0;
        while (peek().isKeyword("NOT") && !isQuantifier(peek(1))) {
            Token not = advance();
            enter(not);
            nots++;
        }
        Condition c = primary();
        for (int i = 0; i < nots; i++) {
            c = new Condition.Not(c);
        }
        depth -= nots;
        return c;
    }

    private Condition primary() throws CimException {
        Token t = peek();
        if (t.isSymbol("(")) {
            enter(advance());
            Condition c = or();
            expectSymbol(")", "to close the '(' at position " + (t.position() + 1));
            depth--;
            return c;
        }
        if (isQuantifier(t) || (t.isKeyword("NOT") && isQuantifier(peek(1)))) {
            boolean negated = quantifierNegation();
            boolean every = advance().isKeyword("EVERY");
            Operand array = operand();
            return new Condition.Quantified(array, every, negated, valueTest(array));
        }
        Token start = peek();
        Operand left = operand();
        if (peek().isKeyword("ISA")) {
            if (left instanceof Operand.Literal) {
                throw QueryErrors.invalid("ISA needs a property or the FROM class on its left, not a literal",
                        start.position());
            }
            advance();
            return new Condition.IsA(left, className());
        }
        if (peek().isKeyword("IS")) {
            advance();
            boolean negated = false;
            if (peek().isKeyword("NOT")) {
                advance();
                negated = true;
            }
            expectKeyword("NULL");
            return new Condition.NullTest(left, negated);
        }
        if (isQuantifier(peek()) || (peek().isKeyword("NOT") && isQuantifier(peek(1)))) {
            boolean negated = quantifierNegation();
            boolean every = advance().isKeyword("EVERY");
            return new Condition.Quantified(left, every, negated, valueTest(left));
        }
        return (Condition) valueTest(left);
    }

    private boolean quantifierNegation() {
        if (peek().isKeyword("NOT")) {
            advance();
            return true;
        }
        return false;
    }

    private static boolean isQuantifier(Token t) {
        return t.isKeyword("ANY") || t.isKeyword("EVERY");
    }

    /** {@code [NOT] LIKE pattern} or {@code op operand}, applied to {@code left}. */
    private Condition.ValueTest valueTest(Operand left) throws CimException {
        Token t = peek();
        if (t.isKeyword("LIKE") || (t.isKeyword("NOT") && peek(1).isKeyword("LIKE"))) {
            boolean negated = t.isKeyword("NOT");
            if (negated) {
                advance();
            }
            advance();
            Token pattern = peek();
            if (pattern.kind() != Token.Kind.STRING) {
                throw QueryErrors.invalid("expected a quoted LIKE pattern but found " + pattern.describe(),
                        pattern.position());
            }
            advance();
            try {
                return new Condition.Like(left, LikePattern.compile(dialect.likeFlavor(), pattern.text()), negated);
            } catch (IllegalArgumentException e) {
                throw QueryErrors.invalid("bad LIKE pattern: " + e.getMessage(), pattern.position());
            }
        }
        ComparisonOperator op = t.kind() == Token.Kind.SYMBOL ? ComparisonOperator.fromSymbol(t.text()) : null;
        if (op == null) {
            throw QueryErrors.invalid("expected a comparison operator, LIKE, IS or ISA but found " + t.describe(),
                    t.position());
        }
        advance();
        return new Condition.Comparison(left, op, operand());
    }

    // ---- operands --------------------------------------------------------------------------------

    private Operand operand() throws CimException {
        Token t = peek();
        if (t.kind() == Token.Kind.IDENTIFIER && !isKeyword(t)) {
            return path();
        }
        if (t.isSymbol("{")) {
            advance();
            List<QueryValue> elements = new ArrayList<>();
            if (!peek().isSymbol("}")) {
                elements.add(scalarLiteral());
                while (peek().isSymbol(",")) {
                    advance();
                    elements.add(scalarLiteral());
                }
            }
            expectSymbol("}", "to close the array literal at position " + (t.position() + 1));
            return new Operand.Literal(QueryValue.literalArray(elements));
        }
        return new Operand.Literal(scalarLiteral());
    }

    private QueryValue scalarLiteral() throws CimException {
        Token t = advance();
        switch (t.kind()) {
            case STRING:
                return QueryValue.literalString(t.text());
            case INTEGER:
                return QueryValue.literalInteger((BigInteger) t.value());
            case REAL:
                return QueryValue.literalReal((BigDecimal) t.value());
            case SYMBOL:
                if (t.isSymbol("-") || t.isSymbol("+")) {
                    Token n = advance();
                    boolean minus = t.isSymbol("-");
                    if (n.kind() == Token.Kind.INTEGER) {
                        BigInteger v = (BigInteger) n.value();
                        return QueryValue.literalInteger(minus ? v.negate() : v);
                    }
                    if (n.kind() == Token.Kind.REAL) {
                        BigDecimal v = (BigDecimal) n.value();
                        return QueryValue.literalReal(minus ? v.negate() : v);
                    }
                    throw QueryErrors.invalid("expected a number after '" + t.text() + "' but found "
                            + n.describe(), n.position());
                }
                break;
            case IDENTIFIER:
                if (t.isKeyword("TRUE") || t.isKeyword("FALSE")) {
                    return QueryValue.literalBoolean(t.isKeyword("TRUE"));
                }
                if (t.isKeyword("NULL")) {
                    return QueryValue.NULL;
                }
                break;
            default:
                break;
        }
        throw QueryErrors.invalid("expected a property or a literal but found " + t.describe(), t.position());
    }

    private Operand path() throws CimException {
        List<Operand.Step> steps = new ArrayList<>();
        List<Token> heads = new ArrayList<>();
        while (true) {
            Token name = identifier("a property name");
            heads.add(name);
            CimName scope = null;
            if (peek().isSymbol("::")) {
                advance();
                scope = CimName.of(name.text());
                name = identifier("a property name after '::'");
            }
            Integer idx = null;
            if (peek().isSymbol("[") && peek(1).isSymbol("*")) {
                advance();
                advance();
                expectSymbol("]", "to close '[*]'");
            } else if (peek().isSymbol("[")) {
                advance();
                Token n = advance();
                if (n.kind() != Token.Kind.INTEGER || ((BigInteger) n.value()).bitLength() > 31) {
                    throw QueryErrors.invalid("expected an array index (a non-negative integer) but found "
                            + n.describe(), n.position());
                }
                idx = ((BigInteger) n.value()).intValue();
                expectSymbol("]", "to close the array index");
            }
            steps.add(new Operand.Step(scope, CimName.of(name.text()), idx));
            if (!peek().isSymbol(".")) {
                break;
            }
            advance();
        }
        Operand.Step first = steps.get(0);
        if (first.scope() == null && first.index() == null && namesTheFromClass(heads.get(0).text())) {
            if (steps.size() == 1) {
                return new Operand.Self();
            }
            steps.remove(0);
        }
        return new Operand.PropertyPath(steps);
    }

    private CimName className() throws CimException {
        Token t = advance();
        boolean named = (t.kind() == Token.Kind.IDENTIFIER && !isKeyword(t))
                || (t.kind() == Token.Kind.STRING && CimName.isValid(t.text()));
        if (!named) {
            throw QueryErrors.invalid("expected a class name but found " + t.describe(), t.position());
        }
        return CimName.of(t.text());
    }

    // ---- token helpers ---------------------------------------------------------------------------

    private Token identifier(String what) throws CimException {
        Token t = peek();
        if (t.kind() != Token.Kind.IDENTIFIER || isKeyword(t)) {
            throw QueryErrors.invalid("expected " + what + " but found " + t.describe(), t.position());
        }
        return advance();
    }

    private static boolean isKeyword(Token t) {
        return t.kind() == Token.Kind.IDENTIFIER && QueryLexer.KEYWORDS.contains(t.text().toUpperCase(java.util.Locale.ROOT));
    }

    private void enter(Token t) throws CimException {
        if (++depth > MAX_DEPTH) {
            throw QueryErrors.invalid("conditions nested deeper than " + MAX_DEPTH + " levels", t.position());
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token t = tokens.get(index);
        if (t.kind() != Token.Kind.END) {
            index++;
        }
        return t;
    }

    private void expectKeyword(String keyword) throws CimException {
        Token t = peek();
        if (!t.isKeyword(keyword)) {
            throw QueryErrors.invalid("expected " + keyword + " but found " + t.describe(), t.position());
        }
        advance();
    }

    private void expectSymbol(String symbol, String why) throws CimException {
        Token t = peek();
        if (!t.isSymbol(symbol)) {
            throw QueryErrors.invalid("expected '" + symbol + "' " + why + " but found " + t.describe(), t.position());
        }
        advance();
    }

    private void expectEnd() throws CimException {
        Token t = peek();
        if (t.kind() != Token.Kind.END) {
            throw QueryErrors.invalid("unexpected " + t.describe(), t.position());
        }
    }
}
