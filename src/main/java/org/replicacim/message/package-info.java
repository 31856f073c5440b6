/**
 * Typed operation messages: one request record per DSP0200 intrinsic operation plus {@link InvokeMethodRequest},
 * with the CIM-XML defaults already applied. The codec produces them; the operation layer consumes them.
 */
package org.replicacim.message;
