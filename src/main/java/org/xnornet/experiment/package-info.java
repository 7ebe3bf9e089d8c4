/**
 * The paper's questions answered by our own runs (docs/RESULTS.md): a grid of architectures × scalings × seeds
 * trained at one budget through the local trainer, resumable cell by cell, summarised as tables and PNG plots.
 */
package org.xnornet.experiment;
