/**
 * The query engine: WQL and DMTF:CQL SELECT statements ({@link org.replicacim.query.SelectQuery}) for ExecQuery
 * and indication filters, and DMTF:FQL filters ({@link org.replicacim.query.FqlQuery}) for the pull operations.
 *
 * <h2>Grammar (keywords in any case)</h2>
 * <pre>
 * select     = SELECT ( "*" | item *( "," item ) ) FROM class [ [AS] alias ] [ WHERE condition ]
 * item       = [ ( class | alias ) "." ] ( name | "*" )         -- also name "." name for embedded members
 * condition  = and *( OR and )
 * and        = unary *( AND unary )
 * unary      = *NOT primary
 * primary    = "(" condition ")"
 *            | [NOT] ( ANY | EVERY ) operand test                 -- FQL prefix form
 *            | operand [NOT] ( ANY | EVERY ) test                 -- postfix form, e.g. Prop ANY = 2
 *            | operand ISA class                                  -- class may also be quoted
 *            | operand IS [NOT] NULL
 *            | operand test
 * test       = ( "=" | "&lt;&gt;" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" ) operand | [NOT] LIKE string
 * operand    = path | literal | "{" [ literal *( "," literal ) ] "}"
 * path       = step *( "." step )
 * step       = [ scopeClass "::" ] name [ "[" index "]" | "[*]" ]    -- [*]: the whole array (CQL)
 * literal    = string | ["+"|"-"] integer | ["+"|"-"] real | TRUE | FALSE | NULL
 * </pre>
 * Strings take single or double quotes (a doubled quote, {@code \"}, {@code \'} and {@code \\} escape; other
 * backslashes are kept). Integers are decimal, {@code 0x} hexadecimal or binary with a {@code B} suffix; reals
 * have a fraction and/or an exponent. Datetimes and references are written as strings and read as such when
 * compared with a datetime or reference value. All features are available in all three languages.
 *
 * <h2>Paths</h2>
 * Names compare without case. In a SELECT, a first step naming the FROM class or its alias is dropped, and the
 * FROM class or alias alone denotes the candidate instance (so {@code WHERE a ISA X}). {@code A.B} reads member B
 * of embedded instance A, or key B of reference A. {@code Class::Prop} (CQL) reads Prop only if the object is a
 * Class. {@code Prop[i]} is the 0-based element i. A missing property, an index out of range or a member of NULL
 * is NULL.
 *
 * <h2>Semantics</h2>
 * Three-valued logic as in SQL and CQL: a comparison with NULL is UNKNOWN, {@code NOT UNKNOWN} is UNKNOWN, and an
 * instance matches only when the condition is TRUE; only {@code IS [NOT] NULL} tests for NULL. Comparisons are
 * typed by the instance's value: integers and reals numerically (uint64 included), strings exactly (case
 * counts), booleans, datetimes (timestamps as instants, intervals as durations; the two never compare),
 * references as object paths (a path without namespace matches any namespace), embedded instances by equality.
 * A string literal is parsed as the other side's type; other mismatches are UNKNOWN. Booleans, references and
 * instances have only {@code =} and {@code <>}. Arrays compare with {@code =}/{@code <>} element by element
 * against array literals; ANY/EVERY apply a test to each element (EVERY of an empty array is TRUE, ANY FALSE).
 *
 * <h2>LIKE</h2>
 * WQL: {@code %}, {@code _}, {@code [abc]}, {@code [a-z]}, {@code [^abc]}, matching the whole string.
 * CQL and FQL: the DMTF regular-expression subset of DSP1001 ({@code .}, {@code *}, {@code +}, {@code ?},
 * {@code {m,n}}, {@code [...]} with a trailing or leading {@code ^} for negation, groups, {@code |}, {@code ^},
 * {@code $}, {@code \} escapes); CQL matches the whole string, FQL looks for a match anywhere.
 *
 * <h2>Limits and errors</h2>
 * Unknown languages give QUERY_LANGUAGE_NOT_SUPPORTED; anything that does not parse, text over 64 KiB and
 * nesting over 100 levels give INVALID_QUERY with a 1-based position. Not supported: joins, DISTINCT, ORDER BY,
 * arithmetic, functions, ESCAPE.
 */
package org.replicacim.query;
