package org.replicacim.provider.block;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.ComputedInstanceProvider;
import org.replicacim.provider.MethodProvider;
import org.replicacim.provider.OperationContext;

/**
 * MSFTSM_ComputerSystem: the one top-level array system (central instance of the Array profile). RescanExtents
 * answers 0 at once because every instance here is computed from the backend on each request; the power and state
 * methods return their "Not Supported" code.
 */
public final class ArraySystemProvider extends ComputedInstanceProvider implements MethodProvider {
    /** The class this provider serves. */
    public static final String CLASS = ElementPaths.SYSTEM_CLASS;

    private final BlockInstances instances;

    ArraySystemProvider(BlockInstances instances) {
        this.instances = instances;
    }

    @Override
    protected List<CimInstance> instances(OperationContext ctx, CimClass cls) {
        return List.of(instances.system());
    }

    @Override
    public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, CimClass cls, ObjectPath target,
                                                      CimMethod method, List<ParamValue> inParameters) {
        if (method.name().is("RescanExtents")) {
            return MethodResults.done(0);
        }
        // RescanExtents' map has 2 = Not Supported; every other method of the class uses 1.
        return MethodResults.done(BackendErrors.NOT_SUPPORTED);
    }
}
