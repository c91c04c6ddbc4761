/**
 * Failure analyzers that turn configuration errors into an actionable startup report.
 */
package io.github.vpcapi.autoconfigure.diagnostics;
