package org.replicacim.query;

import org.replicacim.cim.CimInstance;

/** What a condition is evaluated against: the candidate instance and the class hierarchy for ISA. */
record EvaluationContext(CimInstance instance, ClassHierarchy hierarchy) {
}
