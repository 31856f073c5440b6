/*
 * MOF (DSP0004) grammar for ReplicaCIM: compiler directives, qualifier declarations, classes (with
 * associations, indications, references, methods), instances with aliases. Keywords are case-insensitive
 * and remain usable as identifiers; scope, flavor and data-type names are identifiers checked by the compiler,
 * which gives better messages than a syntax error.
 */
grammar Mof;

options { caseInsensitive = true; }

mofSpecification
    : mofProduction* EOF
    ;

mofProduction
    : compilerDirective
    | qualifierDeclaration
    | qualifierList? (classDeclaration | instanceDeclaration)
    ;

compilerDirective
    : PRAGMA pragmaName=identifier '(' stringValue (',' stringValue)* ')'
    ;

qualifierDeclaration
    : QUALIFIER name=identifier ':' type=identifier array? defaultValue? ',' scope (',' flavorList)? ';'
    ;

scope
    : SCOPE '(' identifier (',' identifier)* ')'
    ;

flavorList
    : FLAVOR '(' identifier (',' identifier)* ')'
    ;

classDeclaration
    : kind=(CLASS | ASSOCIATION | INDICATION) name=identifier (':' superclass=identifier)?
      '{' classFeature* '}' ';'
    ;

/* A property, reference or method: one rule, so the parser decides at '(' and errors name what was expected. */
classFeature
    : qualifierList? type=identifier REF? name=identifier (methodParameters | array? defaultValue?) ';'
    ;

methodParameters
    : '(' (parameter (',' parameter)*)? ')'
    ;

parameter
    : qualifierList? type=identifier REF? name=identifier array? defaultValue?
    ;

array
    : '[' INTEGER? ']'
    ;

defaultValue
    : '=' initializer
    ;

qualifierList
    : '[' qualifier (',' qualifier)* ']'
    ;

qualifier
    : name=identifier qualifierParameter? (':' identifier+)?
    ;

qualifierParameter
    : '(' value ')'
    | arrayInitializer
    ;

instanceDeclaration
    : INSTANCE OF className=identifier (AS alias=ALIAS_IDENTIFIER)? '{' valueInitializer* '}' ';'
    ;

valueInitializer
    : qualifierList? name=identifier '=' initializer ';'
    ;

initializer
    : value
    | arrayInitializer
    ;

arrayInitializer
    : '{' (value (',' value)*)? '}'
    ;

value
    : stringValue+          # stringLiteral
    | INTEGER               # integerLiteral
    | REAL                  # realLiteral
    | CHAR                  # charLiteral
    | (TRUE | FALSE)        # booleanLiteral
    | NULL                  # nullLiteral
    | ALIAS_IDENTIFIER      # aliasLiteral
    ;

stringValue
    : STRING
    ;

identifier
    : IDENTIFIER
    | CLASS | ASSOCIATION | INDICATION | INSTANCE | OF | QUALIFIER | SCOPE | FLAVOR | REF | AS
    ;

// ---- lexer ----------------------------------------------------------------------------------------------

PRAGMA      : '#pragma' ;
CLASS       : 'class' ;
ASSOCIATION : 'association' ;
INDICATION  : 'indication' ;
INSTANCE    : 'instance' ;
OF          : 'of' ;
QUALIFIER   : 'qualifier' ;
SCOPE       : 'scope' ;
FLAVOR      : 'flavor' ;
REF         : 'ref' ;
AS          : 'as' ;
TRUE        : 'true' ;
FALSE       : 'false' ;
NULL        : 'null' ;

LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
COLON    : ':' ;
SEMI     : ';' ;
COMMA    : ',' ;
EQUALS   : '=' ;

ALIAS_IDENTIFIER : '$' ID_START ID_PART* ;
IDENTIFIER       : ID_START ID_PART* ;

REAL
    : [+-]? DIGIT* '.' DIGIT+ EXPONENT?
    | [+-]? DIGIT+ EXPONENT
    ;

/* Decimal, octal (leading 0) and binary (trailing b) are told apart and checked by the compiler. */
INTEGER
    : [+-]? DIGIT+ 'b'?
    | [+-]? '0x' HEX_DIGIT+
    ;

/* Escapes are checked by the compiler, which reports an invalid one at its exact column. */
STRING : '"' ( ~["\\\r\n] | '\\' ~[\r\n] )* '"' ;
CHAR   : '\'' ( ~['\\\r\n] | '\\' ~[\r\n] ( HEX_DIGIT HEX_DIGIT? HEX_DIGIT? HEX_DIGIT? )? ) '\'' ;

UNTERMINATED_STRING  : '"' ( ~["\\\r\n] | '\\' ~[\r\n] )* ;
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'+ '/' -> skip ;
WS            : [ \t\r\n\f\u00A0\uFEFF]+ -> skip ;

UNKNOWN_CHARACTER : . ;

fragment ID_START  : [a-z_\u0080-\uFFEF] ;
fragment ID_PART   : [a-z0-9_\u0080-\uFFEF] ;
fragment DIGIT     : [0-9] ;
fragment HEX_DIGIT : [0-9a-f] ;
fragment EXPONENT  : 'e' [+-]? DIGIT+ ;
