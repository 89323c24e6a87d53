/**
 * Built-in policy hooks written against the plugin SPI ({@link dev.mailserver.plugin.api}), each off
 * unless added to a listener: HELO/EHLO syntax and FQDN checks, a header-size limit and rate limits
 * per client IP and per authenticated user. All answer from memory and are safe on IO threads.
 */
package dev.mailserver.smtp.policy;
