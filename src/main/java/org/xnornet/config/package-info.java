/**
 * The one option layer of every command: typed {@link org.xnornet.config.Key}s with ranges, one default and one
 * documentation line each, grouped ({@link org.xnornet.config.KeyGroup}) by the package that owns them, and
 * {@link org.xnornet.config.Settings} that resolve them from defaults, properties files, Spark properties and the
 * command line, naming key, value and source in every error ({@link org.xnornet.config.ConfigException}).
 * Imports nothing of ours, so every layer may declare keys.
 */
package org.xnornet.config;
