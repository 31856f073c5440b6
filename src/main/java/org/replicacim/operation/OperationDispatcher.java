package org.replicacim.operation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.Namespace;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.IntrinsicRequest.AssociatorNames;
import org.replicacim.message.IntrinsicRequest.Associators;
import org.replicacim.message.IntrinsicRequest.CloseEnumeration;
import org.replicacim.message.IntrinsicRequest.CreateClass;
import org.replicacim.message.IntrinsicRequest.CreateInstance;
import org.replicacim.message.IntrinsicRequest.DeleteClass;
import org.replicacim.message.IntrinsicRequest.DeleteInstance;
import org.replicacim.message.IntrinsicRequest.DeleteQualifier;
import org.replicacim.message.IntrinsicRequest.EnumerateClassNames;
import org.replicacim.message.IntrinsicRequest.EnumerateClasses;
import org.replicacim.message.IntrinsicRequest.EnumerateInstanceNames;
import org.replicacim.message.IntrinsicRequest.EnumerateInstances;
import org.replicacim.message.IntrinsicRequest.EnumerateQualifiers;
import org.replicacim.message.IntrinsicRequest.EnumerationCount;
import org.replicacim.message.IntrinsicRequest.ExecQuery;
import org.replicacim.message.IntrinsicRequest.GetClass;
import org.replicacim.message.IntrinsicRequest.GetInstance;
import org.replicacim.message.IntrinsicRequest.GetProperty;
import org.replicacim.message.IntrinsicRequest.GetQualifier;
import org.replicacim.message.IntrinsicRequest.ModifyClass;
import org.replicacim.message.IntrinsicRequest.ModifyInstance;
import org.replicacim.message.IntrinsicRequest.OpenAssociatorInstancePaths;
import org.replicacim.message.IntrinsicRequest.OpenAssociatorInstances;
import org.replicacim.message.IntrinsicRequest.OpenEnumerateInstancePaths;
import org.replicacim.message.IntrinsicRequest.OpenEnumerateInstances;
import org.replicacim.message.IntrinsicRequest.OpenQueryInstances;
import org.replicacim.message.IntrinsicRequest.OpenReferenceInstancePaths;
import org.replicacim.message.IntrinsicRequest.OpenReferenceInstances;
import org.replicacim.message.IntrinsicRequest.PullInstancePaths;
import org.replicacim.message.IntrinsicRequest.PullInstances;
import org.replicacim.message.IntrinsicRequest.PullInstancesWithPath;
import org.replicacim.message.IntrinsicRequest.ReferenceNames;
import org.replicacim.message.IntrinsicRequest.References;
import org.replicacim.message.IntrinsicRequest.SetProperty;
import org.replicacim.message.IntrinsicRequest.SetQualifier;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.PullStatus;
import org.replicacim.message.ReturnKind;
import org.replicacim.provider.InstanceProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ProviderRegistry;
import org.replicacim.provider.ResultSink;

/**
 * Routes each decoded request to its operation family after checking the namespace: the single implementation of
 * {@link CimOperations}. Validation against the schema happens in the families, before any provider runs.
 */
public final class OperationDispatcher implements CimOperations {
    private final Schema schema;
    private final ClassOperations classes;
    private final InstanceOperations instances;
    private final AssociationOperations associations;
    private final MethodOperations methods;
    private final PullOperations pulls;
    private final QueryOperations queries;

    /**
     * @param schema          the class repository
     * @param registry        the dynamic providers
     * @param staticProvider  serves classes without a dynamic provider
     * @param embeddedParser  parses embedded-instance text that arrives as a plain string (wbemcli)
     * @param contexts        the open pull enumerations
     * @param host            the host name written into returned instance paths
     */
    public OperationDispatcher(Schema schema, ProviderRegistry registry, InstanceProvider staticProvider,
                               Function<String, Object> embeddedParser, EnumerationContexts contexts, String host) {
        this.schema = schema;
        Providers providers = new Providers(registry, staticProvider);
        ValueConversion conversion = new ValueConversion(embeddedParser);
        InstanceShaping shaping = new InstanceShaping(host);
        this.classes = new ClassOperations(schema);
        this.instances = new InstanceOperations(schema, providers, conversion, shaping);
        this.associations = new AssociationOperations(schema, providers, conversion, shaping, instances, host);
        this.methods = new MethodOperations(schema, providers, conversion, shaping);
        this.queries = new QueryOperations(schema, instances);
        this.pulls = new PullOperations(instances, associations, contexts, queries::filter, queries::select);
    }

    @Override
    public PullStatus execute(OperationContext ctx, IntrinsicRequest request, ResultSink<Object> out)
            throws CimException {
        OperationContext c = ctx.inNamespace(namespace(request.namespace()));
        if (request instanceof GetClass r) {
            classes.getClass(c.namespace(), r, out);
        } else if (request instanceof EnumerateClasses r) {
            classes.enumerateClasses(c.namespace(), r, out);
        } else if (request instanceof EnumerateClassNames r) {
            classes.enumerateClassNames(c.namespace(), r, out);
        } else if (request instanceof GetQualifier r) {
            classes.getQualifier(c.namespace(), r, out);
        } else if (request instanceof EnumerateQualifiers r) {
            classes.enumerateQualifiers(c.namespace(), r, out);
        } else if (request instanceof CreateClass r) {
            readOnlySchema(r);
        } else if (request instanceof ModifyClass r) {
            readOnlySchema(r);
        } else if (request instanceof DeleteClass r) {
            readOnlySchema(r);
        } else if (request instanceof SetQualifier r) {
            readOnlySchema(r);
        } else if (request instanceof DeleteQualifier r) {
            readOnlySchema(r);
        } else if (request instanceof GetInstance r) {
            instances.getInstance(c, r, out);
        } else if (request instanceof EnumerateInstances r) {
            instances.enumerateInstances(c, r, out);
        } else if (request instanceof EnumerateInstanceNames r) {
            instances.enumerateInstanceNames(c, r, out);
        } else if (request instanceof CreateInstance r) {
            instances.createInstance(c, r, out);
        } else if (request instanceof ModifyInstance r) {
            instances.modifyInstance(c, r);
        } else if (request instanceof DeleteInstance r) {
            instances.deleteInstance(c, r);
        } else if (request instanceof GetProperty r) {
            instances.getProperty(c, r, out);
        } else if (request instanceof SetProperty r) {
            instances.setProperty(c, r);
        } else if (request instanceof Associators r) {
            associations.associators(c, r, out);
        } else if (request instanceof AssociatorNames r) {
            associations.associatorNames(c, r, out);
        } else if (request instanceof References r) {
            associations.references(c, r, out);
        } else if (request instanceof ReferenceNames r) {
            associations.referenceNames(c, r, out);
        } else if (request instanceof ExecQuery r) {
            queries.execQuery(c, r, out);
        } else if (request instanceof OpenEnumerateInstances r) {
            return pulls.openEnumerateInstances(c, r, out);
        } else if (request instanceof OpenEnumerateInstancePaths r) {
            return pulls.openEnumerateInstancePaths(c, r, out);
        } else if (request instanceof OpenReferenceInstances r) {
            return pulls.openReferenceInstances(c, r, out);
        } else if (request instanceof OpenReferenceInstancePaths r) {
            return pulls.openReferenceInstancePaths(c, r, out);
        } else if (request instanceof OpenAssociatorInstances r) {
            return pulls.openAssociatorInstances(c, r, out);
        } else if (request instanceof OpenAssociatorInstancePaths r) {
            return pulls.openAssociatorInstancePaths(c, r, out);
        } else if (request instanceof OpenQueryInstances r) {
            return pulls.openQueryInstances(c, r, out);
        } else if (request instanceof PullInstancesWithPath r) {
            return pulls.pull(c, r.enumerationContext(), r.maxObjectCount(), ReturnKind.INSTANCE_WITH_PATH, out);
        } else if (request instanceof PullInstancePaths r) {
            return pulls.pull(c, r.enumerationContext(), r.maxObjectCount(), ReturnKind.INSTANCE_PATH, out);
        } else if (request instanceof PullInstances r) {
            return pulls.pull(c, r.enumerationContext(), r.maxObjectCount(), ReturnKind.INSTANCE, out);
        } else if (request instanceof CloseEnumeration r) {
            pulls.close(c, r.enumerationContext());
        } else if (request instanceof EnumerationCount r) {
            pulls.count(c, r.enumerationContext(), out);
        }
        return null;
    }

    @Override
    public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, InvokeMethodRequest request) {
        try {
            return methods.invoke(ctx.inNamespace(namespace(request.namespace())), request);
        } catch (CimException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Namespace namespace(Namespace requested) throws CimException {
        Namespace ns = schema.resolveNamespace(requested);
        if (ns == null) {
            throw new CimException(CimStatus.INVALID_NAMESPACE, "no namespace " + requested + " on this server");
        }
        return ns;
    }

    private static void readOnlySchema(IntrinsicRequest r) throws CimException {
        throw new CimException(CimStatus.NOT_SUPPORTED, r.operationName()
                + " is not supported: the schema is compiled from MOF at start-up");
    }
}
