package org.replicacim.http;

/** Checks HTTP Basic credentials (protocol reference §1.10); implementations must be thread-safe and never log the password. */
@FunctionalInterface
public interface BasicAuthenticator {
    /** Whether the user name and password are valid. */
    boolean authenticate(String user, String password);
}
