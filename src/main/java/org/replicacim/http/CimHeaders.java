package org.replicacim.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;

/**
 * The CIM extension headers of one request (protocol reference §1.2, §1.3): under M-POST each is looked up first under
 * the {@code NN-} prefix the {@code Man} header declared, then under its bare name; under POST only the bare name.
 */
final class CimHeaders {
    /** The DMTF mandatory-extension URI of CIM operations over HTTP. */
    static final String EXTENSION_URI = "http://www.dmtf.org/cim/mapping/http/v1.0";
    /** The older extension URI some Pegasus comments show; accepted as well. */
    private static final String OLD_EXTENSION_URI = "http://www.dmtf.org/cim/operation";

    private final HttpFields fields;
    private final String prefix;

    private CimHeaders(HttpFields fields, String prefix) {
        this.fields = fields;
        this.prefix = prefix;
    }

    /** Headers of a POST request: bare names only. */
    static CimHeaders plain(HttpFields fields) {
        return new CimHeaders(fields, "");
    }

    /** Headers of an M-POST request whose Man header declared the two-digit namespace {@code ns}. */
    static CimHeaders prefixed(HttpFields fields, String ns) {
        return new CimHeaders(fields, ns + "-");
    }

    /** The prefix of CIM headers in this request and its response: {@code "NN-"} under M-POST, empty under POST. */
    String prefix() {
        return prefix;
    }

    /** The value of a CIM header, or null when absent. */
    String get(String name) {
        if (!prefix.isEmpty()) {
            String v = fields.get(prefix + name);
            if (v != null) {
                return v;
            }
        }
        return fields.get(name);
    }

    /**
     * The two-digit namespace a {@code Man} header binds to the DMTF extension, e.g. {@code 23} from
     * {@code http://www.dmtf.org/cim/mapping/http/v1.0;ns=23}; null when the header is absent, names another extension
     * or has no usable {@code ns}. Quotes, spaces and the case of {@code ns=} do not matter.
     */
    static String manNamespace(String man) {
        if (man == null) {
            return null;
        }
        for (String decl : man.split(",")) {
            String[] parts = decl.split(";");
            String uri = unquote(parts[0].trim());
            if (!uri.equalsIgnoreCase(EXTENSION_URI) && !uri.equalsIgnoreCase(OLD_EXTENSION_URI)) {
                continue;
            }
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int eq = p.indexOf('=');
                if (eq > 0 && p.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("ns")) {
                    String ns = unquote(p.substring(eq + 1).trim());
                    if (ns.length() == 2 && Character.isDigit(ns.charAt(0)) && Character.isDigit(ns.charAt(1))) {
                        return ns;
                    }
                }
            }
        }
        return null;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
