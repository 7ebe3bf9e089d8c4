/**
 * Optimisers (SGD with momentum/Nesterov, Adam) whose state lives in the parameter vector, and
 * learning-rate schedules. Imports {@code tensor} only.
 */
package org.xnornet.optim;
