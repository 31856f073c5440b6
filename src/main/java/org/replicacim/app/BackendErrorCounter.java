package org.replicacim.app;

import io.prometheus.metrics.core.metrics.Counter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;

/**
 * Counts the failures of a block engine ({@code replicacim_backend_errors_total} by backend operation and reason)
 * without touching the engines: the backend is wrapped in a proxy that sees every BackendException on its way out.
 */
final class BackendErrorCounter implements InvocationHandler {
    private final BlockBackend delegate;
    private final Counter errors;

    private BackendErrorCounter(BlockBackend delegate, Counter errors) {
        this.delegate = delegate;
        this.errors = errors;
    }

    /** The backend as the rest of the server sees it: the same calls, each failure counted. */
    /** The backend inside a {@link #wrap} proxy, or the backend itself. */
    static BlockBackend unwrap(BlockBackend backend) {
        if (backend != null && Proxy.isProxyClass(backend.getClass())
                && Proxy.getInvocationHandler(backend) instanceof BackendErrorCounter counter) {
            return counter.delegate;
        }
        return backend;
    }

    static BlockBackend wrap(BlockBackend backend, Counter errors) {
        return (BlockBackend) Proxy.newProxyInstance(BlockBackend.class.getClassLoader(),
                new Class<?>[] {BlockBackend.class}, new BackendErrorCounter(backend, errors));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "counted " + delegate;
            };
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BackendException be) {
                errors.labelValues(method.getName(), be.reason().name()).inc();
            }
            throw cause;
        }
    }
}
