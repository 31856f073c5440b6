/** ReplicaCIM: a WBEM server for SMI-S Replication Services on block volumes. */
package org.replicacim;
