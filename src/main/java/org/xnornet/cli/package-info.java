/** The command line: one entry point with subcommands whose options mirror config keys. */
package org.xnornet.cli;
