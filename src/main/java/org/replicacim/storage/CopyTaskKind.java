package org.replicacim.storage;

/** Why a copy task runs. */
public enum CopyTaskKind {
    CLONE, MIRROR_INITIAL, RESYNC, RESTORE
}
