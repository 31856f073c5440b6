package org.replicacim.store.instance;

import org.junit.jupiter.api.BeforeEach;
import org.replicacim.provider.InstanceStore;
import org.replicacim.provider.MemoryInstanceStore;

/** The reference behaviour: the instance store contract on the in-memory store. */
class MemoryInstanceStoreTest extends InstanceStoreContract {
    private InstanceStore store;

    @BeforeEach
    void fresh() {
        store = new MemoryInstanceStore();
    }

    @Override
    InstanceStore store() {
        return store;
    }
}
