package org.replicacim.mof;

import java.util.List;

/**
 * The MOF of one file as parsed, before any typing: names with positions, literal values as written.
 * The compiler turns these into {@code org.replicacim.cim} objects once the whole compilation is known.
 */
final class MofSyntax {
    private MofSyntax() {
    }

    /** A name with where it was written. */
    record Name(String text, SourcePosition position) {
    }

    /** The kinds of literal MOF values. */
    enum LiteralKind { STRING, INTEGER, REAL, CHAR, BOOLEAN, NULL, ALIAS }

    /** One literal; strings and chars are already unescaped, adjacent strings already joined. */
    record Literal(LiteralKind kind, String text, SourcePosition position) {
        String describe() {
            return switch (kind) {
                case STRING -> "string \"" + abbreviate(text) + "\"";
                case INTEGER -> "integer " + text;
                case REAL -> "real " + text;
                case CHAR -> "char16 '" + text + "'";
                case BOOLEAN -> "boolean " + text;
                case NULL -> "NULL";
                case ALIAS -> "alias " + text;
            };
        }

        private static String abbreviate(String s) {
            return s.length() > 40 ? s.substring(0, 37) + "..." : s;
        }
    }

    /** A scalar value or a {@code { ... }} array initializer. */
    record Initializer(boolean array, List<Literal> values, SourcePosition position) {
    }

    /** A qualifier applied to an element: {@code Name(value) : Flavor ...}. */
    record Qualifier(Name name, Initializer value, List<Name> flavors) {
    }

    /** Anything a file contains at top level, in order. */
    sealed interface Production permits Pragma, QualifierDecl, ClassDecl, InstanceDecl {
    }

    /** {@code #pragma name("arg", ...)}. */
    record Pragma(Name name, List<Literal> arguments) implements Production {
    }

    /** {@code Qualifier Name : type[n] = default, Scope(...), Flavor(...);}. */
    record QualifierDecl(Name name, Name type, boolean array, Integer arraySize, Initializer defaultValue,
                         List<Name> scopes, List<Name> flavors) implements Production {
    }

    /** A property, reference or method (with parameters), or a method parameter. */
    record Feature(List<Qualifier> qualifiers, Name type, boolean reference, Name name, boolean method,
                   boolean array, Integer arraySize, Initializer defaultValue, List<Feature> parameters) {
    }

    /** A class, association or indication declaration. */
    record ClassDecl(List<Qualifier> qualifiers, Name kind, Name name, Name superclass, List<Feature> features)
            implements Production {
    }

    /** {@code name = value;} inside an instance. */
    record PropertyValue(List<Qualifier> qualifiers, Name name, Initializer value) {
    }

    /** {@code instance of Class as $Alias { ... };}. */
    record InstanceDecl(List<Qualifier> qualifiers, Name className, Name alias, List<PropertyValue> values)
            implements Production {
    }

    /** A parsed file: its productions in order and the syntax errors found in it. */
    record ParsedFile(List<Production> productions, List<MofError> errors) {
    }
}
